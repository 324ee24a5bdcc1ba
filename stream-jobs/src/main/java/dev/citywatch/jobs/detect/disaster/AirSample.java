package dev.citywatch.jobs.detect.disaster;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.Trail;

/**
 * What {@link AirQualityDetector} keeps of a reading while it waits for the watermark: the station,
 * the time, the two fractions ({@code NaN} when the message lacked one) and the stages for the
 * latency ledger. A city's readings wait there for the out-of-orderness bound (30 s), so the whole
 * record (its reading list, strings and instants, several times this size) would be held and
 * copied by the garbage collector for nothing.
 */
public record AirSample(String station, long sequence, long timeMillis, double pm10, double pm25, Trail trail) {

  /** {@code station}: the inventory's own id string, so that waiting samples share it rather than each holding a copy. */
  static AirSample of(TelemetryRecord r, String station) {
    return new AirSample(station, r.sequence(), r.eventTime().toEpochMilli(), r.first(Quantity.PM10).orElse(Double.NaN),
        r.first(Quantity.PM25).orElse(Double.NaN), r.trail());
  }

  boolean paired() {
    return !Double.isNaN(pm10) && !Double.isNaN(pm25);
  }
}
