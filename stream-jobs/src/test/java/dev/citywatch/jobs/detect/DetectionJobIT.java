package dev.citywatch.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.Influx;
import dev.citywatch.jobs.LocalFlink;
import dev.citywatch.jobs.Wire;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.sim.RecallCheck;
import dev.citywatch.jobs.sim.SimulatedCity;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.model.Alert;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.sim.truth.GroundTruthEvent;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection job on a MiniCluster at parallelism 2 with real Kafka and InfluxDB, fed the
 * flash-flood scenario (its telemetry as the gateway writes it, seismic stations left out for
 * volume: earthquakes are covered by the scenario-recall IT). Killed in the middle of the storm and
 * restored from its last checkpoint, it raises every expected alert and nothing else, and every
 * alert record it repeats is the record it first emitted.
 */
@RealServers
class DetectionJobIT {
  private static final CityReference CITY = CityReference.defaults();

  @Test
  void killedMidStormAndRestoredItMissesNoAlertAndRepeatsOnlyIdenticalRecords(KafkaEndpoint kafka, InfluxEndpoint server,
                                                                              @TempDir Path checkpoints) throws Exception {
    SimulatedCity storm = new SimulatedCity(CITY.inventory(), "flash-flood");
    Instant start = Instant.now().minus(storm.scenario().duration()).minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
    storm = storm.startingAt(start);
    List<GroundTruthEvent> truth = storm.groundTruth(CITY.criteria());

    String telemetry = Names.unique("telemetry");
    String status = Names.unique("status");
    String dlq = Names.unique("dlq");
    String alerts = Names.unique("alerts");
    String database = Names.unique("detection");
    KafkaTopics.create(kafka, 2, telemetry, status, dlq, alerts);
    JobSettings s = JobSettings.of(kafka.bootstrapServers(), server.url(), database, telemetry, status, dlq, alerts, DetectionJob.NAME);

    Iterator<TelemetryRecord> city = storm.telemetry();
    try (Wire wire = new Wire(kafka); LocalFlink flink = LocalFlink.start(2, checkpoints); Influx influx = new Influx(server.url(), database)) {
      int sent = send(wire, telemetry, city, start.plus(Duration.ofMinutes(90)));
      JobID first = start(flink, s, Optional.empty());
      int beforeCheckpoint = awaitSettled(kafka, alerts, 1);
      String checkpoint = flink.checkpoint(first);
      System.out.printf("[detection-it] %d messages, %d alert records, checkpoint %s%n", sent, beforeCheckpoint, checkpoint);

      sent += send(wire, telemetry, city, start.plus(Duration.ofMinutes(180)));
      int beforeKill = awaitSettled(kafka, alerts, beforeCheckpoint + 1);
      flink.kill(first);
      System.out.printf("[detection-it] %d messages, %d alert records, killed%n", sent, beforeKill);

      sent += send(wire, telemetry, city, storm.scenario().end().plusSeconds(1));
      start(flink, s, Optional.of(checkpoint));
      int expected = truth.stream().mapToInt(e -> e.expectedAlerts().size()).sum();
      awaitSettled(kafka, alerts, beforeKill + 1);
      List<Alert> records = read(kafka, alerts);
      System.out.printf("[detection-it] %d messages, %d alert records after the restore, %d alerts expected%n", sent, records.size(),
          expected);

      Map<String, List<Alert>> byStep = new LinkedHashMap<>();
      records.forEach(a -> byStep.computeIfAbsent(a.alertId() + "#" + a.version(), k -> new ArrayList<>()).add(a));
      List<String> repeated = byStep.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
      assertThat(repeated).as("the replay after the restore repeats the steps emitted after the checkpoint").isNotEmpty();
      byStep.forEach((step, copies) -> assertThat(copies).as(step).allSatisfy(copy ->
          assertThat(withoutProcessingTimes(copy)).isEqualTo(withoutProcessingTimes(copies.get(0)))));

      RecallCheck.Outcome outcome = RecallCheck.compare(truth, new ArrayList<>(byStep.values().stream().map(l -> l.get(0)).toList()));
      assertThat(outcome.problems()).isEmpty();
      assertThat(outcome.detections()).hasSize(expected);

      assertThat(influx.await("SELECT count(version) FROM rollup.alerts", n -> n >= byStep.size(), Duration.ofSeconds(60)))
          .as("one point per alert step, repeats overwriting themselves").isEqualTo(byStep.size());
    }
  }

  /**
   * A city where no telemetry arrives at all (a device under test against an empty platform): a
   * device flapping still gets its alert, out-of-orderness (30 s) after its sixth connection change,
   * because the status stream's event time follows the gateways' clock. Records alone never moved
   * event time here, and the alert came only when some later record happened to arrive.
   */
  @Test
  void aFlappingDeviceGetsItsAlertWhileNoTelemetryArrivesAtAll(KafkaEndpoint kafka, InfluxEndpoint server, @TempDir Path checkpoints)
      throws Exception {
    String telemetry = Names.unique("telemetry");
    String status = Names.unique("status");
    String dlq = Names.unique("dlq");
    String alerts = Names.unique("alerts");
    KafkaTopics.create(kafka, 2, telemetry, status, dlq, alerts);
    JobSettings s = JobSettings.of(kafka.bootstrapServers(), server.url(), Names.unique("flapping"), telemetry, status, dlq, alerts,
        DetectionJob.NAME);
    try (Wire wire = new Wire(kafka); LocalFlink flink = LocalFlink.start(2, checkpoints)) {
      start(flink, s, Optional.empty());
      Instant sixth = null;
      for (int change = 0; change < 6; change++) { // connected, gone, connected, ... as the gateway reports them
        sixth = Instant.now();
        wire.send(status, new dev.citywatch.model.DeviceStatus(dev.citywatch.model.DeviceStatus.SCHEMA, "wonju", "wonju-aq-030",
            change % 2 == 0 ? dev.citywatch.model.DeviceStatus.State.ONLINE : dev.citywatch.model.DeviceStatus.State.OFFLINE,
            change % 2 == 0 ? "connected" : "disconnected", dev.citywatch.model.DeviceStatus.Source.GATEWAY, "gw-1", sixth));
        wire.flush();
        Thread.sleep(1_000);
      }
      List<Alert> raised = List.of();
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (raised.isEmpty() && System.nanoTime() < deadline) {
        raised = read(kafka, alerts).stream().filter(a -> a.subject().equals("wonju-aq-030")).toList();
      }
      Instant seen = Instant.now();
      assertThat(raised).as("the flapping alert").singleElement().satisfies(a -> {
        assertThat(a.kind()).isEqualTo(dev.citywatch.model.AlertKind.DEVICE_FAULT);
        assertThat(a.evidence()).containsEntry("flapping", 1.0);
      });
      System.out.printf("[detection-it] flapping alert read %d s after the sixth change, no telemetry at all%n",
          Duration.between(sixth, seen).toSeconds());
    }
  }

  private static JobID start(LocalFlink flink, JobSettings s, Optional<String> checkpoint) throws Exception {
    return flink.submit(DetectionJob.NAME, env -> {
      env.enableCheckpointing(Duration.ofHours(1).toMillis()); // checkpoints when the test takes them
      env.getCheckpointConfig().setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      DetectionJob.buildTopology(env, DetectionJob.sources(s), DetectionJob.sinks(s), CITY, s);
    }, checkpoint);
  }

  /** Sends the scenario's messages (not the seismic packs) up to {@code until}; returns how many. */
  private static int send(Wire wire, String topic, Iterator<TelemetryRecord> city, Instant until) {
    int n = 0;
    while (city.hasNext()) {
      TelemetryRecord r = city.next();
      if (r.kind() != SensorKind.SEISMIC) {
        wire.send(topic, r);
        n++;
      }
      if (!r.eventTime().isBefore(until)) break;
    }
    wire.flush();
    return n;
  }

  /** Waits until the topic holds at least {@code atLeast} records and nothing new came for a while; returns the count. */
  private static int awaitSettled(KafkaEndpoint kafka, String topic, int atLeast) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    int n = read(kafka, topic).size();
    while (n < atLeast && System.nanoTime() < deadline) n = read(kafka, topic).size();
    return n;
  }

  private static List<Alert> read(KafkaEndpoint kafka, String topic) throws Exception {
    List<Alert> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : KafkaTopics.readAll(kafka, topic, Duration.ofSeconds(5))) {
      out.add(WireJson.read(r.value(), Alert.class));
    }
    return out;
  }

  private static Alert withoutProcessingTimes(Alert a) {
    return a.withProcessingTimes(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH);
  }
}
