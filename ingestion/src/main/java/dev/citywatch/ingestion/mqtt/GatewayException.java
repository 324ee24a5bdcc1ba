package dev.citywatch.ingestion.mqtt;

import java.util.Objects;

/** A refusal travelling down a message's {@code Future} chain to the one {@code recover} at its end. */
public final class GatewayException extends RuntimeException {
  private final Refusal refusal;

  public GatewayException(Refusal refusal, String message) {
    this(refusal, message, null);
  }

  public GatewayException(Refusal refusal, String message, Throwable cause) {
    super(message, cause, false, false);
    this.refusal = Objects.requireNonNull(refusal);
  }

  public Refusal refusal() {
    return refusal;
  }

  /** The refusal of any failure: ours as it is, anything unexpected as an internal error. */
  public static Refusal of(Throwable failure) {
    return failure instanceof GatewayException g ? g.refusal : Refusal.INTERNAL_ERROR;
  }
}
