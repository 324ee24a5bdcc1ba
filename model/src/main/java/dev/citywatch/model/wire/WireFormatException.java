package dev.citywatch.model.wire;

/** A Kafka record value that does not match its documented schema. */
public final class WireFormatException extends Exception {
  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
