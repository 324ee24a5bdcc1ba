package dev.citywatch.jobs.io;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes points to InfluxDB in batches. The writer flushes when a batch is full, when the flush
 * interval has passed, and on every checkpoint, so a completed checkpoint means "written"; while
 * InfluxDB is away it retries with backoff and holds the job back instead of dropping points.
 */
public final class InfluxSink implements Sink<PointRecord> {
  private final InfluxSettings settings;

  public InfluxSink(InfluxSettings settings) {
    this.settings = settings;
  }

  @Override
  public SinkWriter<PointRecord> createWriter(WriterInitContext context) throws IOException {
    return new InfluxWriter(settings, context.getProcessingTimeService(), context.metricGroup());
  }
}
