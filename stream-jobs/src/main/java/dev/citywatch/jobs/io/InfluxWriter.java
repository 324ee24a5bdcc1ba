package dev.citywatch.jobs.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The per-subtask writer of {@link InfluxSink}. All methods run on the task's mailbox thread. */
final class InfluxWriter<T> implements SinkWriter<T> {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);
  private static final long MAX_BACKOFF_MS = 5_000;

  private final InfluxSettings settings;
  private final Function<T, Point> toPoint;
  private final ProcessingTimeService time;
  private final InfluxDB influx;
  private final Counter written;
  private final Counter retries;
  private List<Point> buffer = new ArrayList<>();

  InfluxWriter(InfluxSettings settings, Function<T, Point> toPoint, ProcessingTimeService time, SinkWriterMetricGroup metrics) {
    this.settings = settings;
    this.toPoint = toPoint;
    this.time = time;
    this.influx = InfluxDBFactory.connect(settings.url());
    this.written = metrics.getNumRecordsSendCounter();
    this.retries = metrics.counter("citywatchInfluxRetries");
    // CREATE DATABASE is idempotent in InfluxDB 1.x.
    influx.query(new Query("CREATE DATABASE \"" + settings.database() + "\""));
    scheduleFlush();
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    buffer.add(toPoint.apply(element));
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
    BatchPoints batch = BatchPoints.database(settings.database())
        .retentionPolicy(settings.retentionPolicy())
        .precision(TimeUnit.MILLISECONDS)
        .points(buffer)
        .build();
    long backoff = 100;
    for (int attempt = 1; ; attempt++) {
      try {
        influx.write(batch);
        written.inc(buffer.size());
        buffer = new ArrayList<>();
        return;
      } catch (InfluxDBException e) {
        if (!e.isRetryWorth() || attempt >= settings.maxAttempts()) {
          throw new IOException("InfluxDB refused a batch of " + buffer.size() + " points after " + attempt + " attempt(s): " + e.getMessage(), e);
        }
        retries.inc();
        LOG.warn("[influx db={}] write attempt {} failed, retrying in {} ms: {}", settings.database(), attempt, backoff, e.getMessage());
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  @Override
  public void close() throws Exception {
    influx.close();
  }
}
