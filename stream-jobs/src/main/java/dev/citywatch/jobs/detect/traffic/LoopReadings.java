package dev.citywatch.jobs.detect.traffic;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** A loop detector's message as a {@link LoopReading} on its road segment (a detector without one is skipped). */
public final class LoopReadings implements FlatMapFunction<TelemetryRecord, LoopReading> {
  private final CityReference city;

  public LoopReadings(CityReference city) {
    this.city = city;
  }

  @Override
  public void flatMap(TelemetryRecord r, Collector<LoopReading> out) {
    city.inventory().device(r.tenant(), r.deviceId()).flatMap(d -> d.segment()).ifPresent(segment -> {
      double speed = Double.NaN;
      double volume = Double.NaN;
      double occupancy = Double.NaN;
      for (Reading x : r.readings()) {
        if (x.quantity() == Quantity.SPEED) speed = x.value();
        if (x.quantity() == Quantity.VOLUME) volume = x.value();
        if (x.quantity() == Quantity.OCCUPANCY) occupancy = x.value();
      }
      if (!Double.isNaN(speed) && !Double.isNaN(occupancy)) {
        out.collect(new LoopReading(r.tenant(), segment, r.deviceId(), r.eventTime().toEpochMilli(), speed,
            Double.isNaN(volume) ? 0 : volume, occupancy, r.trail()));
      }
    });
  }
}
