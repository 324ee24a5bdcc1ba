package dev.citywatch.model.decode;

import dev.citywatch.model.PayloadFormat;

/** Turns the bytes of one telemetry message into validated readings, or says precisely why not. */
public interface TelemetryDecoder {

  DecodedTelemetry decode(byte[] payload, DecodeContext context) throws DecodeException;

  static TelemetryDecoder forFormat(PayloadFormat format, DecodeLimits limits) {
    return switch (format) {
      case JSON -> new CityWatchJsonDecoder(limits);
      case SENML -> new SenmlDecoder(limits);
    };
  }
}
