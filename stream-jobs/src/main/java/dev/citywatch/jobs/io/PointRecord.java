package dev.citywatch.jobs.io;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One InfluxDB point, as plain data that Flink can serialise: retention policy, measurement, tags,
 * fields (numbers, strings or booleans) and time in milliseconds. The InfluxDB writer turns it into
 * line protocol. Writing the same series and time again overwrites, so points are idempotent.
 */
public record PointRecord(String retentionPolicy, String measurement, Map<String, String> tags, Map<String, Object> fields, long timeMillis) {
  public PointRecord {
    Objects.requireNonNull(retentionPolicy, "retentionPolicy");
    Objects.requireNonNull(measurement, "measurement");
    tags = new TreeMap<>(tags);
    tags.values().removeIf(v -> v == null || v.isEmpty());
    fields = new TreeMap<>(fields);
    if (fields.isEmpty()) throw new IllegalArgumentException("a point needs at least one field: " + measurement);
  }
}
