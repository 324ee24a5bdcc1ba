package dev.citywatch.jobs.io;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the InfluxDB sink writes.
 *
 * @param batchSize points per write request
 * @param flushInterval longest time a point waits in the buffer
 * @param maxBackoff longest wait between retries while InfluxDB is away; the sink retries for as
 *     long as it takes (backpressure holds the job, checkpoints wait), never dropping a point
 * @param rawRetention how long raw points are kept (retention policy {@code raw})
 * @param rollupRetention how long 1-minute rollups are kept (retention policy {@code rollup})
 */
public record InfluxSettings(String url, String database, int batchSize, Duration flushInterval, Duration maxBackoff,
                             Duration rawRetention, Duration rollupRetention) implements Serializable {
  /** Retention policy of raw points (the default policy of the database). */
  public static final String RAW = "raw";
  /** Retention policy of 1-minute rollups. */
  public static final String ROLLUP = "rollup";

  public InfluxSettings {
    Objects.requireNonNull(url, "url");
    if (database == null || !database.matches("[A-Za-z0-9_]+")) {
      throw new IllegalArgumentException("InfluxDB database name must be letters, digits and _, got '" + database + "'");
    }
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1");
    if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
    if (maxBackoff == null || maxBackoff.toMillis() < 100) throw new IllegalArgumentException("maxBackoff must be at least 100 ms");
    if (rawRetention == null || rawRetention.toHours() < 1) throw new IllegalArgumentException("raw retention must be at least 1 h");
    if (rollupRetention == null || rollupRetention.compareTo(rawRetention) < 0) {
      throw new IllegalArgumentException("rollup retention must be at least the raw retention");
    }
  }

  /** 5,000 points per request, 500 ms, backoff up to 30 s; raw points 7 days, rollups 2 years (104 weeks). */
  public static InfluxSettings of(String url, String database) {
    return new InfluxSettings(url, database, 5_000, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofDays(7),
        Duration.ofDays(7 * 104));
  }
}
