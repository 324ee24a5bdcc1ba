package dev.citywatch.jobs.io;

import java.io.IOException;
import java.util.function.Function;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.influxdb.dto.Point;

/**
 * Writes elements to InfluxDB in batches. The writer flushes when a batch is full, when the flush
 * interval has passed, and on every checkpoint, so a completed checkpoint means "written".
 */
public final class InfluxSink<T> implements Sink<T> {
  private final InfluxSettings settings;
  private final SerializableFunction<T> toPoint;

  /** A point mapper that Flink can ship to the task managers. */
  public interface SerializableFunction<T> extends Function<T, Point>, java.io.Serializable {}

  public InfluxSink(InfluxSettings settings, SerializableFunction<T> toPoint) {
    this.settings = settings;
    this.toPoint = toPoint;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new InfluxWriter<>(settings, toPoint, context.getProcessingTimeService(), context.metricGroup());
  }
}
