package dev.citywatch.jobs.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-subtask writer of {@link InfluxSink}. All methods run on the task's mailbox thread.
 *
 * <p>Failures are of two kinds. InfluxDB away or overloaded (connection refused, timeouts, 5xx):
 * retried with exponential backoff for as long as it takes, which backpressures the job and keeps
 * checkpoints from completing, so nothing is acknowledged that is not written. A point InfluxDB
 * refuses as such (4xx, e.g. a field type conflict): InfluxDB 1.x still writes the rest of the
 * batch, the refusal is logged and counted, and the writer goes on.
 */
final class InfluxWriter implements SinkWriter<PointRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

  private final InfluxSettings settings;
  private final ProcessingTimeService time;
  private final InfluxDB influx;
  private final Counter written;
  private final Counter retries;
  private final Counter refused;
  private List<PointRecord> buffer = new ArrayList<>();

  InfluxWriter(InfluxSettings settings, ProcessingTimeService time, SinkWriterMetricGroup metrics) throws IOException {
    this.settings = settings;
    this.time = time;
    this.influx = InfluxDBFactory.connect(settings.url());
    this.written = metrics.getNumRecordsSendCounter();
    this.retries = metrics.counter("citywatchInfluxRetries");
    this.refused = metrics.counter("citywatchInfluxRefusedBatches");
    try {
      retrying("create database and retention policies", () -> {
        prepareDatabase(influx, settings);
        return null;
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while preparing InfluxDB", e);
    }
    scheduleFlush();
  }

  /**
   * Creates the database and its two retention policies, or brings existing ones to the
   * configured durations. Idempotent, so every subtask may run it.
   */
  static void prepareDatabase(InfluxDB influx, InfluxSettings settings) {
    String db = "\"" + settings.database() + "\"";
    check(influx.query(new Query("CREATE DATABASE " + db)));
    policy(influx, db, InfluxSettings.RAW, settings.rawRetention().toHours() + "h", true);
    policy(influx, db, InfluxSettings.ROLLUP, settings.rollupRetention().toHours() + "h", false);
  }

  private static void policy(InfluxDB influx, String db, String name, String duration, boolean isDefault) {
    String clause = " ON " + db + " DURATION " + duration + " REPLICATION 1" + (isDefault ? " DEFAULT" : "");
    QueryResult created = influx.query(new Query("CREATE RETENTION POLICY \"" + name + "\"" + clause));
    if (created.getResults() != null && created.getResults().get(0).getError() != null) {
      check(influx.query(new Query("ALTER RETENTION POLICY \"" + name + "\"" + clause)));
    }
  }

  private static void check(QueryResult result) {
    if (result.hasError()) throw new InfluxDBException(result.getError());
    if (result.getResults() != null && result.getResults().get(0).getError() != null) {
      throw new InfluxDBException(result.getResults().get(0).getError());
    }
  }

  @Override
  public void write(PointRecord point, Context context) throws IOException, InterruptedException {
    buffer.add(point);
    if (buffer.size() >= settings.batchSize()) {
      flushBuffer();
    }
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    flushBuffer();
  }

  private void scheduleFlush() {
    time.registerTimer(time.getCurrentProcessingTime() + settings.flushInterval().toMillis(), ts -> {
      flushBuffer();
      scheduleFlush();
    });
  }

  private void flushBuffer() throws IOException, InterruptedException {
    if (buffer.isEmpty()) return;
    Map<String, BatchPoints> byPolicy = new LinkedHashMap<>();
    for (PointRecord p : buffer) {
      byPolicy.computeIfAbsent(p.retentionPolicy(), rp -> BatchPoints.database(settings.database()).retentionPolicy(rp)
          .precision(TimeUnit.MILLISECONDS).build()).point(toPoint(p));
    }
    int n = buffer.size();
    for (BatchPoints batch : byPolicy.values()) {
      retrying("write " + batch.getPoints().size() + " points", () -> {
        try {
          influx.write(batch);
        } catch (InfluxDBException e) {
          if (e.isRetryWorth()) throw e;
          refused.inc();
          LOG.error("[influx db={}] InfluxDB refused points of a batch of {} (the rest is written): {}", settings.database(),
              batch.getPoints().size(), e.getMessage());
        }
        return null;
      });
    }
    written.inc(n);
    buffer = new ArrayList<>();
  }

  private interface Attempt {
    Object run();
  }

  /** Runs {@code attempt} until it succeeds, waiting 100 ms doubling to the maximum backoff between tries. */
  private void retrying(String what, Attempt attempt) throws InterruptedException {
    long backoff = 100;
    for (int tries = 1; ; tries++) {
      try {
        attempt.run();
        if (tries > 1) LOG.info("[influx db={}] {}: succeeded after {} attempts", settings.database(), what, tries);
        return;
      } catch (InfluxDBException e) {
        if (!e.isRetryWorth() && !(e.getCause() instanceof java.io.IOException)) {
          throw e;
        }
        retries.inc();
        LOG.warn("[influx db={}] {}: attempt {} failed, retrying in {} ms: {}", settings.database(), what, tries, backoff, e.getMessage());
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, settings.maxBackoff().toMillis());
      }
    }
  }

  static Point toPoint(PointRecord p) {
    Point.Builder b = Point.measurement(p.measurement()).time(p.timeMillis(), TimeUnit.MILLISECONDS).tag(p.tags());
    p.fields().forEach((name, value) -> {
      if (value instanceof Number n) {
        b.addField(name, n);
      } else if (value instanceof Boolean flag) {
        b.addField(name, flag);
      } else {
        b.addField(name, String.valueOf(value));
      }
    });
    return b.build();
  }

  @Override
  public void close() throws Exception {
    influx.close();
  }
}
