package dev.citywatch.jobs.detect.traffic;

import java.time.Instant;

/**
 * One loop detector's reading, placed on its road segment ({@code segmentKey} = {@code tenant/segment}).
 */
public record LoopReading(String tenant, String segment, String detector, long timeMillis, double speed, double volume, double occupancy,
                          Instant receivedAt) {
  public String segmentKey() {
    return tenant + "/" + segment;
  }
}
