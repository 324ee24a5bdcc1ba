package dev.citywatch.jobs.storage;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.DeviceTags;
import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.SensorKind;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * A device's minute as points, at the minute's start: the rollup ({@code <measurement>_1m} in
 * retention policy {@code rollup}: {@code <field>_mean}, {@code _min}, {@code _max},
 * {@code _count}) and {@code device_seen} (messages in the minute, time of the last).
 */
public final class RollupPoints extends ProcessWindowFunction<RollupAccumulator, PointRecord, String, TimeWindow> {
  public static final String DEVICE_SEEN = "device_seen";
  private final CityReference city;

  public RollupPoints(CityReference city) {
    this.city = city;
  }

  @Override
  public void process(String key, Context context, Iterable<RollupAccumulator> results, Collector<PointRecord> out) {
    for (RollupAccumulator acc : results) {
      Map<String, String> tags = DeviceTags.of(city.inventory(), acc.tenant, acc.device, acc.kind);
      Map<String, Object> fields = new HashMap<>();
      acc.stats.forEach((field, s) -> {
        fields.put(field + "_mean", s[1] / s[0]);
        fields.put(field + "_min", s[2]);
        fields.put(field + "_max", s[3]);
        fields.put(field + "_count", (long) s[0]);
      });
      long start = context.window().getStart();
      out.collect(new PointRecord(InfluxSettings.ROLLUP, measurement(acc.kind) + "_1m", tags, fields, start));
      Map<String, Object> seen = new HashMap<>(Map.of("messages", acc.messages, "last_seen_ms", acc.lastSeenMillis));
      // The position, so a map panel can place the device without the inventory.
      city.inventory().device(acc.tenant, acc.device).ifPresent(d -> {
        seen.put("lat", d.location().lat());
        seen.put("lon", d.location().lon());
      });
      out.collect(new PointRecord(InfluxSettings.RAW, DEVICE_SEEN, tags, seen, start));
    }
  }

  static String measurement(String kind) {
    SensorKind k = SensorKind.fromId(kind).orElseThrow();
    return k == SensorKind.SEISMIC ? RawPoints.SEISMIC : k.measurement();
  }
}
