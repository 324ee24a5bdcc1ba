package dev.citywatch.jobs.io;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the sink writes.
 *
 * @param batchSize points per write request
 * @param flushInterval longest time a point waits in the buffer
 * @param maxAttempts write attempts before the sink fails the job (which then restarts from its
 *     last checkpoint, so nothing is lost)
 */
public record InfluxSettings(
    String url, String database, String retentionPolicy, int batchSize, Duration flushInterval, int maxAttempts) implements Serializable {

  public InfluxSettings {
    Objects.requireNonNull(url, "url");
    if (database == null || !database.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("InfluxDB database name must be letters, digits and _, got '" + database + "'");
    }
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1");
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1");
  }

  public static InfluxSettings of(String url, String database) {
    return new InfluxSettings(url, database, "autogen", 5_000, Duration.ofMillis(500), 8);
  }
}
