package dev.citywatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.jobs.detect.device.DeviceEvent;
import dev.citywatch.jobs.detect.traffic.LoopReading;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.Alert;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import dev.citywatch.jobs.types.RecordTypes;
import org.junit.jupiter.api.Test;

/**
 * The jobs let chained operators hand records on without copying them ({@link
 * JobSettings.passRecordsUncopied}). That is only safe while nothing that flows between operators
 * can be changed after it was emitted: this test fails when a type that is not a Java record (or
 * an enum, or an immutable JDK value) joins either job's topology.
 */
class RecordsPassUncopiedTest {
  private static final JobSettings SETTINGS = JobSettings.from(new String[] {"--kafka", "localhost:9092", "--influx",
      "http://localhost:8086"}, "records-test");

  @Test
  void theStorageJobRunsWithObjectReuseAndCarriesOnlyImmutableTypes() {
    StreamExecutionEnvironment env = environment();
    StorageJob.buildTopology(env, StorageJob.sources(SETTINGS), StorageJob.influxSink(SETTINGS), CityReference.defaults(), SETTINGS);
    assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
    assertThat(types(env)).contains(TelemetryRecord.class, PointRecord.class);
    assertThat(mutableTypes(env)).isEmpty();
  }

  @Test
  void theDetectionJobRunsWithObjectReuseAndCarriesOnlyImmutableTypes() {
    StreamExecutionEnvironment env = environment();
    DetectionJob.buildTopology(env, DetectionJob.sources(SETTINGS), DetectionJob.sinks(SETTINGS), CityReference.defaults(), SETTINGS);
    assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
    assertThat(types(env)).contains(TelemetryRecord.class, Alert.class, LoopReading.class, DeviceEvent.class);
    assertThat(mutableTypes(env)).isEmpty();
  }

  @Test
  void telemetryCrossesEveryExchangeOfBothJobsWithItsOwnSerializerNotFlinksReflectiveOne() {
    StreamExecutionEnvironment detection = environment();
    DetectionJob.buildTopology(detection, DetectionJob.sources(SETTINGS), DetectionJob.sinks(SETTINGS), CityReference.defaults(),
        SETTINGS);
    StreamExecutionEnvironment storage = environment();
    StorageJob.buildTopology(storage, StorageJob.sources(SETTINGS), StorageJob.influxSink(SETTINGS), CityReference.defaults(), SETTINGS);
    assertThat(Stream.concat(operators(detection), operators(storage)).filter(t -> t.getOutputType().getTypeClass() == TelemetryRecord.class))
        .isNotEmpty().allSatisfy(t -> assertThat(t.getOutputType()).as(t.getName()).isSameAs(RecordTypes.TELEMETRY));
  }

  @Test
  void theCompactSerializerGivesBackTheRecordItWasGiven() throws Exception {
    TelemetryRecord r = new TelemetryRecord(TelemetryRecord.SCHEMA, "wonju", "wonju-sm-001", SensorKind.SEISMIC, 42, PayloadFormat.SENML,
        "gw-1", Instant.parse("2026-12-04T01:02:03.123456789Z"), List.of(
            new Reading(Quantity.ACCELERATION, 0.012, Instant.parse("2026-12-04T01:02:02.5Z")),
            new Reading(Quantity.ACCELERATION, -0.003, Instant.parse("2026-12-04T01:02:02.51Z"))),
        Instant.parse("2026-12-04T01:02:03.2Z"), null);
    TypeSerializer<TelemetryRecord> serializer = RecordTypes.TELEMETRY.createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(r, out);
    assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(r);
  }

  private static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    SETTINGS.applyTo(env);
    return env;
  }

  /** Every operator upstream of the job's sinks. */
  private static Stream<Transformation<?>> operators(StreamExecutionEnvironment env) {
    return env.getTransformations().stream().flatMap(sink -> sink.getTransitivePredecessors().stream()).distinct();
  }

  private static Set<Class<?>> types(StreamExecutionEnvironment env) {
    return operators(env).map(t -> t.getOutputType().getTypeClass()).collect(Collectors.toSet());
  }

  /** Operators whose output is neither a record, an enum nor an immutable JDK value. */
  private static Set<String> mutableTypes(StreamExecutionEnvironment env) {
    return operators(env)
        .filter(t -> {
          Class<?> type = t.getOutputType().getTypeClass();
          return !(type.isRecord() || type.isEnum() || type == String.class || type == Long.class || type == Integer.class);
        })
        .map(t -> t.getName() + ": " + t.getOutputType().getTypeClass().getName())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
