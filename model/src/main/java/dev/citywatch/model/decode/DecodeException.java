package dev.citywatch.model.decode;

import java.util.Objects;

/**
 * A payload was refused. {@link #field()} names where in the payload (e.g. {@code readings[2].unit}
 * or, for SenML, {@code [3].u}); the message starts with it so it reads well on its own.
 */
public final class DecodeException extends Exception {
  private final RejectReason reason;
  private final String field;

  public DecodeException(RejectReason reason, String field, String detail) {
    super(field.isEmpty() ? detail : field + ": " + detail);
    this.reason = Objects.requireNonNull(reason);
    this.field = field;
  }

  public RejectReason reason() {
    return reason;
  }

  /** Path of the offending field inside the payload; empty when the payload as a whole is wrong. */
  public String field() {
    return field;
  }
}
