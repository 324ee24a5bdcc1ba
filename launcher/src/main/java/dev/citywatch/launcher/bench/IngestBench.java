package dev.citywatch.launcher.bench;

import dev.citywatch.ingestion.Gateway;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.Topics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.load.LoadOptions;
import dev.citywatch.sim.load.LoadReport;
import dev.citywatch.sim.load.LoadRun;
import dev.citywatch.testkit.KafkaProcess;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench ingest}: publish throughput and PUBACK latency through the CityWatch gateway (PUBACK
 * after Kafka {@code acks=all}) against a local mosquitto, same load generator, same machine.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"QoS 0 and QoS 1 publish throughput and PUBACK latency: CityWatch gateway (with a Kafka broker in its own process)",
        "versus mosquitto started by the bench, same load generator. Ends with one JSON line."})
public final class IngestBench implements Callable<Integer> {
  @Option(names = "--connections", defaultValue = "100", description = "Publishers (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--payload-size", defaultValue = "200", description = "Payload bytes (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Option(names = "--duration", defaultValue = "20", description = "Seconds measured per run (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(names = "--window", defaultValue = "10", description = "Unacknowledged QoS 1 messages per publisher (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--latency-rate", defaultValue = "5000",
      description = "Offered msg/s of the QoS 1 latency run, below saturation (default: ${DEFAULT-VALUE}).")
  double latencyRate;

  @Option(names = "--only", description = "Run only this part (qos1, qos1_at_rate or qos0), for profiling; no comparison.")
  String only;

  @Override
  public Integer call() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    Map<String, Object> citywatch = new LinkedHashMap<>();
    Map<String, Object> mosquitto = new LinkedHashMap<>();
    Bench.step("starting a Kafka broker (own process) and the gateway");
    try (KafkaProcess kafka = KafkaProcess.start()) {
      createTopics(kafka.bootstrapServers());
      Vertx vertx = Vertx.vertx();
      // The benchmark measures the gateway, not the per-device rate limit that protects it.
      GatewayLimits limits = new GatewayLimits(1e6, 1_000_000, 10, 5, Duration.ofMinutes(1));
      GatewayConfig config = new GatewayConfig("gw-bench", "127.0.0.1", 0, GatewayConfig.KafkaSettings.standard(kafka.bootstrapServers()),
          DecodeLimits.DEFAULT, limits, -1);
      Gateway gateway = Gateway.start(vertx, config, inventory, Clock.systemUTC()).await(60, TimeUnit.SECONDS);
      try {
        runAll(inventory, URI.create("tcp://127.0.0.1:" + gateway.mqttPort()), true, "CityWatch gateway", citywatch);
      } finally {
        gateway.stop().await(60, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }
    if (only != null) {
      Map<String, Object> partial = new java.util.LinkedHashMap<>();
      if (!citywatch.isEmpty()) {
        partial.put("bench", "ingest");
        partial.put("only", only);
        partial.put("citywatch", citywatch);
      }
      Bench.json(partial);
      return 0;
    }
    Bench.step("starting mosquitto (%s)", Mosquitto.version());
    try (Mosquitto broker = Mosquitto.start()) {
      runAll(inventory, URI.create("tcp://127.0.0.1:" + broker.port()), false, "mosquitto", mosquitto);
    }
    double gw1 = ((LoadReport) citywatch.get("qos1")).throughput();
    double mq1 = ((LoadReport) mosquitto.get("qos1")).throughput();
    LoadReport gwLatency = (LoadReport) citywatch.get("qos1_at_rate");
    LoadReport mqLatency = (LoadReport) mosquitto.get("qos1_at_rate");
    Bench.step("QoS 1 throughput: CityWatch %.0f msg/s (PUBACK after Kafka acks=all) vs mosquitto %.0f msg/s (in memory): ratio %.2f",
        gw1, mq1, gw1 / mq1);
    Bench.step("QoS 1 PUBACK latency at %.0f msg/s: CityWatch p50 %.2f / p99 %.2f ms, mosquitto p50 %.2f / p99 %.2f ms", latencyRate,
        gwLatency.latency().p50(), gwLatency.latency().p99(), mqLatency.latency().p50(), mqLatency.latency().p99());
    Bench.step("QoS 0 throughput: CityWatch %.0f msg/s vs mosquitto %.0f msg/s",
        ((LoadReport) citywatch.get("qos0")).throughput(), ((LoadReport) mosquitto.get("qos0")).throughput());
    Map<String, Object> result = Bench.result("ingest");
    result.put("connections", connections);
    result.put("payload_bytes", payloadBytes);
    result.put("citywatch", citywatch);
    result.put("mosquitto", mosquitto);
    result.put("mosquitto_version", Mosquitto.version());
    result.put("qos1_ratio_citywatch_to_mosquitto", Math.round(gw1 / mq1 * 100) / 100.0);
    Bench.json(result);
    return 0;
  }

  /** QoS 1 as fast as it goes, QoS 1 at a fixed rate (latency), QoS 0 as fast as it goes. */
  private void runAll(Inventory inventory, URI target, boolean authenticate, String name, Map<String, Object> into)
      throws InterruptedException {
    if (only == null || only.equals("qos1")) {
      Bench.step("%s: QoS 1, as fast as it goes", name);
      into.put("qos1", run(inventory, target, 1, 0, authenticate));
    }
    if (only == null || only.equals("qos1_at_rate")) {
      Bench.step("%s: QoS 1 at %.0f msg/s", name, latencyRate);
      into.put("qos1_at_rate", run(inventory, target, 1, latencyRate, authenticate));
    }
    if (only == null || only.equals("qos0")) {
      Bench.step("%s: QoS 0, as fast as it goes", name);
      into.put("qos0", run(inventory, target, 0, 0, authenticate));
    }
  }

  private LoadReport run(Inventory inventory, URI target, int qos, double rate, boolean authenticate) throws InterruptedException {
    // At a fixed rate the window only bounds a stall; as fast as possible it sets the concurrency.
    int w = rate > 0 ? Math.max(window, 100) : window;
    LoadOptions options = new LoadOptions(target, connections, rate, w, qos, payloadBytes, Duration.ofSeconds(durationSeconds),
        Duration.ofSeconds(3), Duration.ofSeconds(5), authenticate, 5, LoadOptions.ClientKind.PAHO);
    LoadReport report = new LoadRun(options, dev.citywatch.sim.load.LoadDevice.pick(inventory, FleetCredentials.development(), connections, authenticate),
        System.out).run();
    System.out.print(report.summary());
    return report;
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(Topics.KAFKA_TELEMETRY, 4, (short) 1), new NewTopic(Topics.KAFKA_TELEMETRY_DLQ, 1, (short) 1),
          new NewTopic(Topics.KAFKA_DEVICE_STATUS, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }
}
