package dev.citywatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citywatch.alerting.receiver.ReceivedAlert;
import dev.citywatch.launcher.platform.Platform;
import dev.citywatch.launcher.platform.PlatformSettings;
import dev.citywatch.launcher.platform.PlatformTopics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.fleet.Fleet;
import dev.citywatch.sim.fleet.FleetReport;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.world.World;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario played by the simulated Wonju fleet through the real pipeline (MQTT gateway → Kafka →
 * storage and detection jobs → InfluxDB; alerts → alerting service → webhook receiver, an
 * acknowledgement through the API), then every dashboard query, with Grafana's macros and
 * variables substituted, against what the pipeline wrote: each runs without error, returns data
 * unless named below with the reason, and names only measurements, tags and fields that exist.
 */
@RealServers
class PanelQueriesIT {
  private static final Duration LENGTH = Duration.ofMinutes(40);
  private static final double SPEED = 30;
  private static final String SCENARIO = """
      name: dashboard-fill
      description: forty busy minutes in Wonju, to fill every dashboard
      start: 2026-11-25T14:00:00+09:00
      duration: 40m
      tenant: wonju
      events:
        - {id: storm, kind: rain_storm, at: 0m, duration: 40m, centre: {lat: 37.330, lon: 127.950}, radius_km: 9, peak_mm_per_h: 110, bearing_deg: 20, speed_kmh: 2}
        - {id: dust, kind: yellow_dust, at: 0m, duration: 40m, peak_pm10: 420, ramp: 10m}
        - {id: fire-1, kind: building_fire, at: 2m, duration: 15m, device: wonju-fr-007, radius_m: 60}
        - {id: crash-1, kind: traffic_incident, at: 3m, duration: 30m, segment: wonil-nb-2, capacity_loss: 0.85}
        - {id: stuck-gauge, kind: sensor_fault, at: 5m, duration: 30m, device: wonju-rv-005, fault: stuck}
        - {id: silent-loop, kind: sensor_fault, at: 8m, duration: 10m, device: wonju-tl-010, fault: dropout}
        - {id: lost-station, kind: sensor_fault, at: 12m, duration: 20m, device: wonju-aq-005, fault: offline}
        - {id: quake, kind: earthquake, at: 30m, duration: 2m, epicentre: {lat: 37.250, lon: 127.840}, depth_km: 10, magnitude: 5.0}
      """;

  /** Queries that may rightly return nothing after this scenario, and why. */
  private static final Map<String, String> MAY_BE_EMPTY = Map.of(
      "citywatch-traffic / 이상 점수 · Anomaly score",
      "the anomaly detector learns a weekly profile and needs 2.6 days of history before it scores",
      "citywatch-devices / 고장 장비 · Devices in fault",
      "no simulated device reports a 'fault' status message; faults found in the data are in the device-fault alerts panel",
      "citywatch-devices / 늦게 도착한 기록 · Late records",
      "the simulator's clocks are right, so nothing arrives behind the watermark (StorageJobIT covers late records)");
  /** Fields a dashboard reads that only a detector this scenario does not exercise writes. */
  private static final Map<String, String> WRITTEN_ELSEWHERE = Map.of(
      "ev_anomaly_score", "AnomalyDetector's evidence (AnomalyDetectorTest), after days of history",
      "late_records", "the storage job, for records behind the watermark (StorageJobIT)",
      "lateness_ms", "the storage job's late_records field (StorageJobIT)");

  private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void everyPanelQueryRunsOnWhatThePipelineWroteAndTheScenarioFillsItsPanels(KafkaEndpoint kafka, InfluxEndpoint server,
                                                                             @TempDir Path checkpoints) throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    String database = Names.unique("dashboards");
    PlatformSettings settings = PlatformSettings.forTest(kafka.bootstrapServers(), server.url(), database, inventory,
        PlatformTopics.prefixed(Names.unique("dash")), checkpoints, System.out, SPEED);
    try (Platform city = Platform.start(settings, System.out);
         InfluxDB influx = InfluxDBFactory.connect(server.url())) {
      // Played so that it ends a few minutes after the fleet starts: recent enough for the "last 5
      // minutes" panels when the queries run, and never more than the gateway's 5 minutes of
      // allowed clock skew ahead (at 30x, 40 minutes take 80 s of wall time and end 40 s ahead).
      Instant start = Instant.now().minus(LENGTH).plus(Duration.ofMinutes(2));
      Scenario scenario = ScenarioLoader.parse("dashboard-fill.yaml", SCENARIO, inventory).startingAt(start);
      FleetReport report = new Fleet(new World(inventory, scenario, 11), 11, URI.create("tcp://127.0.0.1:" + city.gateway().mqttPort()),
          FleetCredentials.development(), SPEED, 0.2, System.out).run("in memory");
      assertThat(report.failed()).isZero();
      refuseOneMessage(city.gateway().mqttPort());

      ReceivedAlert firing = awaitFiring(city);
      String alertId = json.readTree(firing.body()).path("alert").path("id").asText();
      acknowledge(city.alerting().port(), alertId);
      await(influx, database, "SELECT count(\"attempt\") FROM \"webhook_deliveries\"");
      await(influx, database, "SELECT count(\"alert_id\") FROM \"alert_acks\"");
      await(influx, database, "SELECT count(\"count\") FROM \"rejections\"");
      Thread.sleep(3_000);

      Map<String, String> variables = Map.of("tenant", "(wonju|hoengseong)", "district", ".*", "gauge", "wonju-rv-003");
      Instant to = Instant.now().plus(Duration.ofMinutes(5));
      Instant from = to.minus(Duration.ofHours(13));
      List<String> problems = new ArrayList<>();
      int filled = 0;
      List<Dashboards.PanelQuery> queries = Dashboards.queries();
      for (Dashboards.PanelQuery q : queries) {
        String sql = GrafanaMacros.apply(q.query(), from, to, "1m", variables);
        QueryResult r = influx.query(new Query(sql, database));
        String where = q.dashboard() + " / " + q.panel();
        String error = r.getError() != null ? r.getError() : r.getResults().get(0).getError();
        boolean empty = error == null && (r.getResults().get(0).getSeries() == null || r.getResults().get(0).getSeries().isEmpty());
        if (error != null) {
          problems.add(where + " (" + q.refId() + "): " + error + "\n    " + sql);
        } else if (empty && !MAY_BE_EMPTY.containsKey(where)) {
          problems.add(where + " (" + q.refId() + "): no data\n    " + sql);
        } else if (!empty) {
          filled++;
        }
      }
      System.out.printf("[dashboards] %d queries: %d returned data, %d may be empty, %d problems; fleet published %d, %d alerts delivered%n",
          queries.size(), filled, MAY_BE_EMPTY.size(), problems.size(), report.published(), city.receiver().orElseThrow().unique().size());
      assertThat(problems).as("dashboard queries that failed or found nothing").isEmpty();

      assertThat(unwritten(influx, database, queries)).as("names the dashboards read that no job wrote").isEmpty();
    }
  }

  /** Every quoted name in the queries that is not an alias must be a measurement, tag key or field key InfluxDB holds. */
  private Set<String> unwritten(InfluxDB influx, String database, List<Dashboards.PanelQuery> queries) {
    Set<String> known = new HashSet<>(Set.of("raw", "rollup", "time"));
    for (String rp : List.of("raw", "rollup")) {
      for (List<Object> row : rows(influx, database, "SHOW MEASUREMENTS")) known.add((String) row.get(0));
      for (List<Object> row : rowsAll(influx, database, "SHOW FIELD KEYS ON \"" + database + "\" FROM \"" + rp + "\"./.*/")) {
        known.add((String) row.get(0));
      }
      for (List<Object> row : rowsAll(influx, database, "SHOW TAG KEYS ON \"" + database + "\" FROM \"" + rp + "\"./.*/")) {
        known.add((String) row.get(0));
      }
    }
    Set<String> missing = new HashSet<>();
    for (Dashboards.PanelQuery q : queries) {
      Set<String> aliases = new HashSet<>();
      Matcher alias = Pattern.compile("(?i)\\bAS \"([^\"]+)\"").matcher(q.query());
      while (alias.find()) aliases.add(alias.group(1));
      Matcher m = QUOTED.matcher(q.query());
      while (m.find()) {
        String name = m.group(1);
        if (!known.contains(name) && !aliases.contains(name) && !WRITTEN_ELSEWHERE.containsKey(name)) {
          missing.add(name + " (" + q.dashboard() + " / " + q.panel() + ")");
        }
      }
    }
    return missing;
  }

  private static List<List<Object>> rows(InfluxDB influx, String database, String query) {
    QueryResult.Result r = influx.query(new Query(query, database)).getResults().get(0);
    return r.getSeries() == null ? List.of() : r.getSeries().get(0).getValues();
  }

  private static List<List<Object>> rowsAll(InfluxDB influx, String database, String query) {
    QueryResult.Result r = influx.query(new Query(query, database)).getResults().get(0);
    List<List<Object>> out = new ArrayList<>();
    if (r.getSeries() != null) r.getSeries().forEach(s -> out.addAll(s.getValues()));
    return out;
  }

  private static void await(InfluxDB influx, String database, String query) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (rows(influx, database, query).isEmpty() && System.nanoTime() < deadline) Thread.sleep(500);
    assertThat(rows(influx, database, query)).as(query).isNotEmpty();
  }

  private static ReceivedAlert awaitFiring(Platform city) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      for (ReceivedAlert r : city.receiver().orElseThrow().unique()) {
        if ("alert.firing".equals(r.event()) && r.contentType().startsWith("application/json")) return r;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no FIRING alert reached the webhook receiver");
  }

  private static void acknowledge(int port, String alertId) throws Exception {
    String token = new String(FleetCredentials.development().apiToken("wonju", "wonju-duty-desk"));
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/alerts/" + alertId + "/ack"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"by\": \"상황실 김주무관\"}", StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  /** One payload the gateway refuses (PUBACK 0x99), so the refusals panel has something to show. */
  private static void refuseOneMessage(int port) throws Exception {
    MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, "dash-refused", new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName("wonju-aq-010@wonju");
    options.setPassword(new String(FleetCredentials.development().password("wonju", "wonju-aq-010")).getBytes(StandardCharsets.UTF_8));
    client.connect(options);
    try {
      client.publish("citywatch/wonju/wonju-aq-010/telemetry", "{\"schema\":1}".getBytes(StandardCharsets.UTF_8), 1, false);
    } catch (Exception refused) {
      // PUBACK 0x99: the dead letter is what the panel counts
    } finally {
      client.disconnect();
      client.close();
    }
  }
}
