package dev.citywatch.jobs.storage;

import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.InfluxSink;
import dev.citywatch.jobs.io.MeasurementPoints;
import dev.citywatch.jobs.io.TelemetryDeserializer;
import dev.citywatch.model.Measurement;
import dev.citywatch.model.Topics;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Stores every measurement from {@code citywatch.telemetry} in InfluxDB.
 *
 * <p>Run on a cluster: {@code flink run -c dev.citywatch.jobs.storage.StorageJob stream-jobs.jar
 * --kafka localhost:9092 --influx http://localhost:8086 --database citywatch}.
 */
public final class StorageJob {
  public static final String NAME = "citywatch-storage";
  /** Devices may be this late; later records are handled as late data. */
  static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
  static final Duration IDLENESS = Duration.ofMinutes(1);

  private StorageJob() {}

  public static void main(String[] args) throws Exception {
    ParameterTool params = ParameterTool.fromArgs(args);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(params.getLong("checkpoint-ms", 10_000));
    buildTopology(env,
        kafkaSource(params.getRequired("kafka"), params.get("topic", Topics.KAFKA_TELEMETRY), params.get("group", NAME)),
        influxSink(InfluxSettings.of(params.getRequired("influx"), params.get("database", "citywatch"))));
    env.execute(NAME);
  }

  public static void buildTopology(StreamExecutionEnvironment env, Source<Measurement, ?, ?> source, Sink<Measurement> sink) {
    WatermarkStrategy<Measurement> watermarks = WatermarkStrategy.<Measurement>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
        .withTimestampAssigner((m, previous) -> m.eventTime().toEpochMilli())
        .withIdleness(IDLENESS);
    env.fromSource(source, watermarks, "telemetry").uid("telemetry-source")
        .sinkTo(sink).name("influxdb-raw").uid("influxdb-raw-sink");
  }

  public static KafkaSource<Measurement> kafkaSource(String bootstrapServers, String topic, String groupId) {
    return KafkaSource.<Measurement>builder()
        .setBootstrapServers(bootstrapServers)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new TelemetryDeserializer())
        .build();
  }

  public static Sink<Measurement> influxSink(InfluxSettings settings) {
    return new InfluxSink<>(settings, MeasurementPoints::toPoint);
  }
}
