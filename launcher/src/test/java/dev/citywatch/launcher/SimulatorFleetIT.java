package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.Gateway;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.criteria.CriteriaLoader;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.fleet.Fleet;
import dev.citywatch.sim.fleet.FleetReport;
import dev.citywatch.sim.inventory.InventoryGenerator;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.truth.GroundTruthBuilder;
import dev.citywatch.sim.truth.GroundTruthEvent;
import dev.citywatch.sim.world.World;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.junit.jupiter.api.Test;

/** The simulated city over MQTT against the real gateway: the whole Wonju fleet, and 2,000 devices at once. */
@RealServers
class SimulatorFleetIT {

  @Test
  void theWholeWonjuFleetPlaysAScenarioThroughTheGatewayAndEveryDeviceReachesInfluxDb(KafkaEndpoint kafka, InfluxEndpoint influxServer)
      throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    String topic = Names.unique("telemetry");
    String database = Names.unique("fleet");
    KafkaTopics.create(kafka, 2, topic, topic + "_dlq", topic + "_status");
    Vertx vertx = Vertx.vertx();
    Gateway gateway = startGateway(vertx, kafka, topic, inventory, GatewayLimits.DEFAULT);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(2_000);
    JobSettings settings = JobSettings.of(kafka.bootstrapServers(), influxServer.url(), database, topic, topic + "_status",
        topic + "_dlq", topic + "_alerts", topic);
    StorageJob.buildTopology(env, StorageJob.sources(settings), StorageJob.influxSink(settings), CityReference.defaults(), settings);
    JobClient job = env.executeAsync("fleet-it-storage");
    try {
      Scenario scenario = ScenarioLoader.load("earthquake-m5", inventory);
      World world = new World(inventory, scenario, 5);
      List<GroundTruthEvent> truth = new GroundTruthBuilder(world, CriteriaLoader.loadDefault(), 5).build();
      FleetReport report = new Fleet(world, 5, URI.create("tcp://127.0.0.1:" + gateway.mqttPort()), FleetCredentials.development(), 16, 0.2,
          System.out).run("in memory");

      assertThat(report.devices()).isEqualTo(inventory.tenant("wonju").orElseThrow().devices().size()).isGreaterThanOrEqualTo(200);
      assertThat(report.connected()).isEqualTo(report.devices());
      assertThat(report.mqtt311()).as("some devices speak MQTT 3.1.1").isPositive();
      assertThat(report.failed()).isZero();
      assertThat(report.acked()).isEqualTo(report.published());
      assertThat(truth).extracting(GroundTruthEvent::event).containsExactly("quake-1");

      try (InfluxDB influx = InfluxDBFactory.connect(influxServer.url())) {
        Set<String> devices = Set.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (devices.size() < report.devices() && System.nanoTime() < deadline) {
          Thread.sleep(1_000);
          devices = deviceTags(influx, database);
        }
        assertThat(devices).hasSize(report.devices());
      }
    } finally {
      job.cancel().get(30, TimeUnit.SECONDS);
      gateway.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void twoThousandDevicesConnectAtOnceAndAllPublish(KafkaEndpoint kafka) throws Exception {
    int devices = 2_000;
    Inventory inventory = InventoryLoader.parse("load inventory", new InventoryGenerator(FleetCredentials.development()).generate(devices));
    String topic = Names.unique("telemetry");
    KafkaTopics.create(kafka, 4, topic, topic + "_dlq", topic + "_status");
    Vertx vertx = Vertx.vertx();
    Gateway gateway = startGateway(vertx, kafka, topic, inventory, GatewayLimits.DEFAULT);
    try {
      Scenario quiet = ScenarioLoader.parse("load.yaml", """
          name: load-quiet
          description: every load-test device reports its air quality
          start: 2026-10-14T10:00:00+09:00
          duration: 70s
          tenant: loadtest
          events: []
          """, inventory);
      // Load devices report once a minute: 70 s of the scenario, at 4x, so that each of them has published.
      FleetReport report = new Fleet(new World(inventory, quiet, 9), 9, URI.create("tcp://127.0.0.1:" + gateway.mqttPort()),
          FleetCredentials.development(), 4, 0.2, System.out).run("in memory");

      assertThat(report.devices()).isEqualTo(devices);
      assertThat(report.connected()).isEqualTo(devices);
      assertThat(gateway.metrics().connections()).as("connections held by the gateway at the end").isLessThanOrEqualTo(devices);
      assertThat(report.failed()).isZero();
      Set<String> publishers = KafkaTopics.readAll(kafka, topic, Duration.ofSeconds(2)).stream().map(r -> r.key())
          .collect(Collectors.toSet());
      assertThat(publishers).hasSize(devices);
    } finally {
      gateway.stop().await(60, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static Gateway startGateway(Vertx vertx, KafkaEndpoint kafka, String topic, Inventory inventory, GatewayLimits limits)
      throws Exception {
    GatewayConfig config = new GatewayConfig("gw-fleet", "127.0.0.1", 0,
        new GatewayConfig.KafkaSettings(kafka.bootstrapServers(), topic, topic + "_dlq", topic + "_status", Map.of()),
        DecodeLimits.DEFAULT, limits, -1);
    return Gateway.start(vertx, config, inventory, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  @SuppressWarnings("unchecked")
  private static Set<String> deviceTags(InfluxDB influx, String database) {
    var result = influx.query(new Query("SHOW TAG VALUES WITH KEY = \"device\"", database)).getResults().get(0);
    if (result.getSeries() == null) return Set.of();
    return result.getSeries().stream().flatMap(s -> s.getValues().stream()).map(row -> (String) row.get(1)).collect(Collectors.toSet());
  }
}
