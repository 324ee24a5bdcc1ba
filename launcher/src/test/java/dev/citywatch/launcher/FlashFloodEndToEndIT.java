package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.alerting.receiver.ReceivedAlert;
import dev.citywatch.launcher.platform.Platform;
import dev.citywatch.launcher.platform.PlatformSettings;
import dev.citywatch.launcher.platform.PlatformTopics;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.criteria.CriteriaLoader;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.sim.fleet.Fleet;
import dev.citywatch.sim.fleet.FleetReport;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.truth.ExpectedAlert;
import dev.citywatch.sim.truth.GroundTruthBuilder;
import dev.citywatch.sim.world.World;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flash-flood scenario through the whole system: the simulated Wonju fleet over MQTT → gateway
 * → Kafka → storage and detection jobs (Flink) → InfluxDB and the alerts topic → alerting service →
 * webhook receiver. Played at 120x (six hours in three minutes; faster, the fleet falls behind on two cores), on the shared Kafka and InfluxDB
 * with topics and a database of its own.
 */
@RealServers
class FlashFloodEndToEndIT {
  private static final double SPEED = 120;
  private static final long SEED = 1;

  @Test
  void everyFloodTheGroundTruthExpectsReachesTheReceiverSignedFiringThenResolvedWithItsSeriesStored(
      KafkaEndpoint kafka, InfluxEndpoint server, @TempDir Path flinkState) throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    Scenario written = ScenarioLoader.load("flash-flood", inventory);
    Duration wall = Duration.ofMillis((long) (written.duration().toMillis() / SPEED));
    Scenario scenario = written.onLatestDayEndingBy(Instant.now().plus(wall));
    World world = new World(inventory, scenario, SEED);
    List<ExpectedAlert> expectedFloods = new GroundTruthBuilder(world, CriteriaLoader.loadDefault(), SEED).build().stream()
        .flatMap(e -> e.expectedAlerts().stream()).filter(a -> a.kind() == AlertKind.FLOOD).toList();
    assertThat(expectedFloods).as("the scenario's ground truth expects floods").isNotEmpty();
    Set<String> expectedGauges = expectedFloods.stream().map(ExpectedAlert::subject).collect(Collectors.toCollection(TreeSet::new));
    // The gauge that crosses first has receded by the scenario's end; those downstream may still be high.
    String firstGauge = expectedFloods.stream().min(Comparator.comparing(ExpectedAlert::crossedAt)).orElseThrow().subject();

    String database = Names.unique("e2e");
    PlatformSettings settings = PlatformSettings.forTest(kafka.bootstrapServers(), server.url(), database, inventory,
        PlatformTopics.prefixed(Names.unique("e2e")), flinkState, System.out, SPEED);
    try (Platform platform = Platform.start(settings, System.out); InfluxDB influx = InfluxDBFactory.connect(server.url())) {
      FleetReport report = new Fleet(world, SEED, URI.create("tcp://127.0.0.1:" + platform.gateway().mqttPort()),
          FleetCredentials.development(), SPEED, 0.2, System.out).run("(computed in the test)");
      assertThat(report.failed()).as("publishes not acknowledged").isZero();
      assertThat(report.acked()).isEqualTo(report.published());

      awaitFloods(platform, expectedGauges, firstGauge, Duration.ofMinutes(2));
      // Each subscription delivers on its own queue: let the last steps in flight arrive before judging the sequences.
      awaitQuiet(platform, Duration.ofSeconds(3));
      Map<String, List<JsonNode>> floods = floodsByGauge(platform);
      assertThat(platform.receiver().orElseThrow().refused()).as("requests whose signature did not verify").isZero();
      assertThat(floods.keySet()).as("gauges whose flood alert reached the receiver").isEqualTo(expectedGauges);
      floods.forEach((gauge, steps) -> assertThat(wellFormed(steps)).as("steps of %s: firing first, versions rising, resolved last: %s", gauge,
          byVersion(steps).stream().map(a -> a.path("state").asText() + "/" + a.path("version").asText()).toList()).isTrue());
      assertThat(resolved(floods.get(firstGauge))).as("%s resolved after it fired", firstGauge).isTrue();

      Histogram readingToWebhook = new Histogram(3);
      List<String> disorder = new ArrayList<>();
      for (ReceivedAlert r : json(platform)) {
        JsonNode a = WireJson.mapper().readTree(r.body()).path("alert");
        Instant received = instant(a, "received_at");
        Instant detected = instant(a, "detected_at");
        Instant emitted = instant(a, "emitted_at");
        if (received.isAfter(detected) || detected.isAfter(emitted) || emitted.isAfter(r.receivedAt())) {
          disorder.add(r.idempotencyKey() + ": received " + received + ", detected " + detected + ", emitted " + emitted
              + ", delivered " + r.receivedAt());
        }
        if (!"device_fault".equals(a.path("kind").asText())) {
          readingToWebhook.recordValue(Math.max(0, Duration.between(received, r.receivedAt()).toMillis()));
        }
      }
      assertThat(disorder).as("alert steps whose stage timestamps are out of order").isEmpty();

      for (String gauge : expectedGauges) {
        assertThat(count(influx, database, "SELECT count(\"level\") FROM \"raw\".\"river_level\" WHERE \"device\" = '" + gauge + "'"))
            .as("raw river levels of %s", gauge).isGreaterThan(300);
        assertThat(count(influx, database,
            "SELECT count(\"level_mean\") FROM \"rollup\".\"river_level_1m\" WHERE \"device\" = '" + gauge + "'"))
            .as("1-minute rollups of %s", gauge).isGreaterThan(300);
      }
      assertThat(count(influx, database, "SELECT count(\"rainfall\") FROM \"raw\".\"rainfall\"")).isPositive();

      System.out.printf(Locale.ROOT, "[e2e] flash-flood at %.0fx: published %,d, acked %,d; flood alerts at the receiver for %s "
              + "(%s fired then resolved); %d unique webhooks; reading→webhook p50 %d ms, p99 %d ms, max %d ms%n",
          SPEED, report.published(), report.acked(), floods.keySet(),
          floods.entrySet().stream().filter(e -> resolved(e.getValue())).map(Map.Entry::getKey).toList(), platform.receiver().orElseThrow().unique().size(),
          readingToWebhook.getValueAtPercentile(50), readingToWebhook.getValueAtPercentile(99), readingToWebhook.getMaxValue());
    }
  }

  /** Waits until every expected gauge's flood alert has fired and {@code resolvedGauge}'s has resolved. */
  private static void awaitFloods(Platform platform, Set<String> gauges, String resolvedGauge, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Map<String, List<JsonNode>> byGauge = floodsByGauge(platform);
      if (byGauge.keySet().containsAll(gauges) && resolved(byGauge.get(resolvedGauge))) return;
      if (System.nanoTime() > deadline) {
        throw new AssertionError("flood alerts at the receiver after the scenario: " + byGauge.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue().stream().map(a -> a.path("state").asText() + "/" + a.path("version").asText())
                .toList()).toList() + "; expected all of " + gauges + " firing, and " + resolvedGauge + " resolved");
      }
      Thread.sleep(500);
    }
  }

  /** The flood steps at the receiver by gauge, one per version (several subscriptions get the same step). */
  private static Map<String, List<JsonNode>> floodsByGauge(Platform platform) throws Exception {
    Map<String, List<JsonNode>> byGauge = new TreeMap<>();
    for (ReceivedAlert r : json(platform)) {
      JsonNode a = WireJson.mapper().readTree(r.body()).path("alert");
      if (!"flood".equals(a.path("kind").asText())) continue;
      List<JsonNode> steps = byGauge.computeIfAbsent(a.path("subject").asText(), k -> new ArrayList<>());
      if (steps.stream().noneMatch(known -> known.path("version").asLong() == a.path("version").asLong())) steps.add(a);
    }
    return byGauge;
  }

  private static void awaitQuiet(Platform platform, Duration quiet) throws InterruptedException {
    int before = -1;
    while (platform.receiver().orElseThrow().received().size() != before) {
      before = platform.receiver().orElseThrow().received().size();
      Thread.sleep(quiet.toMillis());
    }
  }

  private static List<JsonNode> byVersion(List<JsonNode> steps) {
    return steps.stream().sorted(Comparator.comparingLong(a -> a.path("version").asLong())).toList();
  }

  /**
   * FIRING at version 1, versions rising, nothing after a RESOLVED. A version may be missing: a
   * subscription with a minimum severity is not sent the steps below it (docs/webhooks.md).
   */
  private static boolean wellFormed(List<JsonNode> steps) {
    List<JsonNode> sorted = byVersion(steps);
    for (int i = 0; i < sorted.size(); i++) {
      String state = sorted.get(i).path("state").asText();
      if (i == 0 ? !state.equals("firing") || sorted.get(0).path("version").asLong() != 1 : state.equals("firing")) return false;
      if (i > 0 && sorted.get(i).path("version").asLong() == sorted.get(i - 1).path("version").asLong()) return false;
      if (state.equals("resolved") && i != sorted.size() - 1) return false;
    }
    return !sorted.isEmpty();
  }

  /** Fired, and its last step is RESOLVED. */
  private static boolean resolved(List<JsonNode> steps) {
    if (steps == null || steps.size() < 2) return false;
    List<JsonNode> sorted = byVersion(steps);
    return sorted.get(0).path("state").asText().equals("firing") && sorted.get(sorted.size() - 1).path("state").asText().equals("resolved");
  }

  /** The JSON webhooks the receiver took (CAP subscriptions get the same alerts as XML, checked in CapMessageTest). */
  private static List<ReceivedAlert> json(Platform platform) {
    return platform.receiver().orElseThrow().unique().stream().filter(r -> r.contentType() != null && r.contentType().startsWith("application/json"))
        .toList();
  }

  private static Instant instant(JsonNode alert, String field) {
    return Instant.parse(alert.path(field).asText());
  }

  private static long count(InfluxDB influx, String database, String query) {
    QueryResult r = influx.query(new Query(query, database));
    var series = r.getResults().get(0).getSeries();
    if (series == null || series.isEmpty()) return 0;
    return ((Number) series.get(0).getValues().get(0).get(1)).longValue();
  }
}
