package dev.citywatch.jobs.detect.traffic;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.model.TenantKey;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends a detector's occupancy where the incident rule needs it: to its own segment (as the
 * occupancy above a blockage at that segment's end) and to every segment upstream of it (as the
 * occupancy below theirs).
 */
public final class IncidentRouting implements FlatMapFunction<LoopReading, OccupancyUpdate> {
  private final CityReference city;

  public IncidentRouting(CityReference city) {
    this.city = city;
  }

  @Override
  public void flatMap(LoopReading r, Collector<OccupancyUpdate> out) {
    city.inventory().segment(r.tenant(), r.segment()).ifPresent(segment -> {
      if (!segment.downstream().isEmpty()) {
        out.collect(new OccupancyUpdate(r.segmentKey(), true, r.detector(), r.timeMillis(), r.occupancy(), r.trail()));
      }
      for (String up : segment.upstream()) {
        out.collect(new OccupancyUpdate(TenantKey.of(r.tenant(), up), false, r.detector(), r.timeMillis(), r.occupancy(), r.trail()));
      }
    });
  }

}
