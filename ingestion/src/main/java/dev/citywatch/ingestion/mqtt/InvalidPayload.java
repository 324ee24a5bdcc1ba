package dev.citywatch.ingestion.mqtt;

import dev.citywatch.model.decode.DecodeException;

/** A payload the decoders refused; carried to the dead-letter step of the chain. */
final class InvalidPayload extends RuntimeException {
  final DecodeException cause;

  InvalidPayload(DecodeException cause) {
    super(cause.getMessage(), cause, false, false);
    this.cause = cause;
  }
}
