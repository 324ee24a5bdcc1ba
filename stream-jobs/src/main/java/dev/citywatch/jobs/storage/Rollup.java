package dev.citywatch.jobs.storage;

import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Folds one device's records of one minute into a {@link RollupAccumulator}: each quantity's
 * values (for a seismic station, each second's peak acceleration as {@code pga}).
 */
public final class Rollup implements AggregateFunction<TelemetryRecord, RollupAccumulator, RollupAccumulator> {
  @Override
  public RollupAccumulator createAccumulator() {
    return new RollupAccumulator();
  }

  @Override
  public RollupAccumulator add(TelemetryRecord record, RollupAccumulator acc) {
    acc.tenant = record.tenant();
    acc.device = record.deviceId();
    acc.kind = record.kind().id();
    acc.messages++;
    acc.lastSeenMillis = Math.max(acc.lastSeenMillis, record.eventTime().toEpochMilli());
    if (record.kind() == SensorKind.SEISMIC) {
      double peak = 0;
      for (Reading r : record.readings()) peak = Math.max(peak, Math.abs(r.value()));
      acc.add("pga", peak);
    } else {
      for (Reading r : record.readings()) acc.add(r.quantity().id(), r.value());
    }
    return acc;
  }

  @Override
  public RollupAccumulator getResult(RollupAccumulator acc) {
    return acc;
  }

  @Override
  public RollupAccumulator merge(RollupAccumulator a, RollupAccumulator b) {
    return a.merge(b);
  }
}
