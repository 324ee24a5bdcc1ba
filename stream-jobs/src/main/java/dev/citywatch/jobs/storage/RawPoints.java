package dev.citywatch.jobs.storage;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.DeviceTags;
import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The raw points of one telemetry record (retention policy {@code raw}): one point per reading
 * time, fields named by quantity plus the message's {@code seq}. A seismic pack becomes one
 * {@code seismic_pga} point (peak and RMS acceleration of its samples): a wall screen shows shaking
 * per second, and the samples themselves stay in Kafka.
 */
public final class RawPoints extends RichFlatMapFunction<TelemetryRecord, PointRecord> {
  public static final String SEISMIC = "seismic_pga";
  private final CityReference city;

  public RawPoints(CityReference city) {
    this.city = city;
  }

  @Override
  public void flatMap(TelemetryRecord record, Collector<PointRecord> out) {
    Map<String, String> tags = DeviceTags.of(city.inventory(), record.tenant(), record.deviceId(), record.kind().id());
    if (record.kind() == SensorKind.SEISMIC) {
      double peak = 0;
      double squares = 0;
      for (Reading r : record.readings()) {
        peak = Math.max(peak, Math.abs(r.value()));
        squares += r.value() * r.value();
      }
      Map<String, Object> fields = Map.of("pga", peak, "rms", Math.sqrt(squares / record.readings().size()),
          "samples", (long) record.readings().size(), "seq", record.sequence());
      out.collect(new PointRecord(InfluxSettings.RAW, SEISMIC, tags, fields, record.readings().get(0).time().toEpochMilli()));
      return;
    }
    Map<Instant, Map<String, Object>> byTime = new LinkedHashMap<>();
    for (Reading r : record.readings()) {
      byTime.computeIfAbsent(r.time(), t -> new LinkedHashMap<>()).put(r.quantity().id(), r.value());
    }
    // A gauge's own stage levels ride along, so a dashboard draws each river against its own lines.
    java.util.Optional<dev.citywatch.model.inventory.StageLevels> stages = city.inventory().device(record.tenant(), record.deviceId())
        .flatMap(dev.citywatch.model.inventory.Device::stages);
    byTime.forEach((time, fields) -> {
      fields.put("seq", record.sequence());
      stages.ifPresent(st -> {
        fields.put("attention_m", st.attention());
        fields.put("caution_m", st.caution());
        fields.put("warning_m", st.warning());
        fields.put("severe_m", st.severe());
      });
      out.collect(new PointRecord(InfluxSettings.RAW, record.kind().measurement(), tags, fields, time.toEpochMilli()));
    });
  }
}
