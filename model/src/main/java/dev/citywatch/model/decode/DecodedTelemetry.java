package dev.citywatch.model.decode;

import dev.citywatch.model.Reading;
import java.util.List;

/** A payload that passed every check: the device's sequence number and its readings. */
public record DecodedTelemetry(long sequence, List<Reading> readings) {
  public DecodedTelemetry {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0");
    }
    if (readings == null || readings.isEmpty()) {
      throw new IllegalArgumentException("readings must not be empty");
    }
    readings = List.copyOf(readings);
  }
}
