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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The jobs let chained operators hand records on without copying them ({@link
 * JobSettings#passRecordsUncopied}). That is only safe while nothing that flows between operators
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
    DetectionJob.buildTopology(env, StorageJob.sources(SETTINGS), DetectionJob.sinks(SETTINGS), CityReference.defaults(), SETTINGS);
    assertThat(env.getConfig().isObjectReuseEnabled()).isTrue();
    assertThat(types(env)).contains(TelemetryRecord.class, Alert.class, LoopReading.class, DeviceEvent.class);
    assertThat(mutableTypes(env)).isEmpty();
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
