package dev.citywatch.jobs.detect.traffic;

import dev.citywatch.model.TenantKey;
import dev.citywatch.model.Trail;

/**
 * One loop detector's reading, placed on its road segment ({@code segmentKey} = {@code tenant/segment}).
 */
public record LoopReading(String tenant, String segment, String detector, long timeMillis, double speed, double volume, double occupancy,
                          Trail trail) {
  public String segmentKey() {
    return TenantKey.of(tenant, segment);
  }
}
