package dev.citywatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code -flink.jar} that {@code flink run} takes: run in a JVM whose class path is that jar
 * plus what a Flink cluster provides (Flink and its dependencies, a logging backend), and nothing of
 * what the jar must bring itself (CityWatch, the Kafka connector and client, influxdb-java, Jackson).
 * The storage job's {@code main} parses its options, starts, and stores a message.
 */
@RealServers
class FlinkJarIT {
  /** Class-path entries the jar has to bring itself: a JVM that had them could hide a missing class. */
  private static final List<String> BUNDLED = List.of("/dev/citywatch/", "/org/apache/kafka/", "/flink-connector-kafka/",
      "/org/influxdb/", "/com/squareup/", "/org/jetbrains/kotlin/", "/com/fasterxml/jackson/", "/org/yaml/", "/org/msgpack/");

  @Test
  void theStorageJobRunsFromTheJarWithOnlyWhatAFlinkClusterProvides(KafkaEndpoint kafka, InfluxEndpoint influxServer,
                                                                     @TempDir Path dir) throws Exception {
    Path jar = Path.of(System.getProperty("citywatch.flinkJar"));
    assertThat(jar).as("built by mvn package").exists();
    String root = Path.of(System.getProperty("citywatch.root")).toAbsolutePath().toString();
    List<String> classPath = new ArrayList<>(List.of(jar.toString()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      if (path.startsWith(root) || BUNDLED.stream().anyMatch(path::contains)) continue;
      classPath.add(entry);
    }
    String topic = Names.unique("telemetry");
    String database = Names.unique("flinkjar");
    KafkaTopics.create(kafka, 1, topic, topic + "_status", topic + "_dlq");
    Instant t = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
    try (Wire wire = new Wire(kafka)) {
      wire.send(topic, new TelemetryRecord(1, "wonju", "wonju-rv-001", SensorKind.RIVER_GAUGE, 1, PayloadFormat.JSON, "gw-1",
          t.plusMillis(20), List.of(new Reading(Quantity.RIVER_LEVEL, 1.75, t))));
      wire.flush();
    }

    Path log = dir.resolve("job.log");
    Process job = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", String.join(File.pathSeparator, classPath), "dev.citywatch.jobs.storage.StorageJob",
        "--kafka", kafka.bootstrapServers(), "--influx", influxServer.url(), "--database", database,
        "--telemetry-topic", topic, "--status-topic", topic + "_status", "--dlq-topic", topic + "_dlq", "--group", topic,
        "--checkpoint-interval", "2s", "--checkpoint-dir", dir.resolve("checkpoints").toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try (Influx influx = new Influx(influxServer.url(), database)) {
      long points = influx.await("SELECT count(level) FROM river_level", n -> n >= 1 || !job.isAlive(), Duration.ofSeconds(120));
      assertThat(points).as(() -> "job output:\n" + tail(log)).isEqualTo(1);
      assertThat(influx.rows("SELECT level, river FROM river_level").get(0)).containsExactly(t.toString(), 1.75, "wonjucheon");
    } finally {
      job.destroy();
      if (!job.waitFor(30, TimeUnit.SECONDS)) job.destroyForcibly();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (java.io.IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
