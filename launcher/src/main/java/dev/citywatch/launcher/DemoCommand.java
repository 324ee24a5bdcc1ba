package dev.citywatch.launcher;

import dev.citywatch.ingestion.Gateway;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.model.Topics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.testkit.Dirs;
import dev.citywatch.testkit.LocalInflux;
import dev.citywatch.testkit.LocalKafka;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the platform on this machine, prints where everything listens and a live status line,
 * and on Ctrl-C stops everything it started, in reverse order.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Runs CityWatch on this machine: Kafka (KRaft), influxd, the MQTT gateway and the Flink storage and detection jobs.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(names = "--influx-port", defaultValue = "8086", description = "InfluxDB HTTP port (default: ${DEFAULT-VALUE}).")
  int influxPort;

  @Option(names = "--ops-port", defaultValue = "8080",
      description = "Gateway health and Prometheus metrics port (default: ${DEFAULT-VALUE}).")
  int opsPort;

  @Option(names = "--flink-ui-port", defaultValue = "8081", description = "Flink web UI port (default: ${DEFAULT-VALUE}).")
  int flinkPort;

  @Option(names = "--data-dir", defaultValue = "var", description = "Where data and logs go (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--database", defaultValue = "citywatch", description = "InfluxDB database (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(names = "--inventory", description = "Inventory file (default: the committed inventory/gangwon.yaml).")
  Path inventoryFile;

  /** What to stop on the way out, most recently started first. */
  private final Deque<Stoppable> started = new ArrayDeque<>();

  /** Something the demo started, and how to stop it. */
  private record Stoppable(String name, Action action) {
    interface Action {
      void run() throws Exception;
    }

    static Stoppable of(String name, Action action) {
      return new Stoppable(name, action);
    }

    void stop() throws Exception {
      action.run();
    }
  }

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopAll();
      stopped.countDown();
    }, "citywatch-demo-stop"));
    try {
      run();
    } catch (Exception e) {
      System.err.println("demo failed to start: " + e.getMessage());
      return 1; // System.exit runs the shutdown hook, which stops what did start
    }
    stopped.await();
    return 0;
  }

  private void run() throws Exception {
    Files.createDirectories(dataDir);
    Inventory inventory = InventoryLoader.loadOrDefault(Optional.ofNullable(inventoryFile));
    step("inventory: %d devices in %d tenants", inventory.deviceCount(), inventory.tenants().size());

    Path kafkaDir = dataDir.resolve("kafka");
    Dirs.deleteTree(kafkaDir); // a KRaft log directory is formatted once; the demo starts from an empty topic set
    LocalKafka kafka = LocalKafka.start(kafkaDir);
    started.push(Stoppable.of("Kafka", kafka::close));
    createTopics(kafka.bootstrapServers());
    step("Kafka (KRaft, in-process) at %s", kafka.bootstrapServers());

    LocalInflux influx = LocalInflux.start(dataDir.resolve("influxdb"), influxPort);
    started.push(Stoppable.of("influxd", influx::close));
    step("influxd at %s", influx.url());

    Vertx vertx = Vertx.vertx();
    started.push(Stoppable.of("Vert.x", () -> vertx.close().await(10, TimeUnit.SECONDS)));
    Gateway gateway = Gateway.start(vertx, GatewayConfig.defaults(kafka.bootstrapServers(), mqttPort, opsPort), inventory,
        Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    started.push(Stoppable.of("gateway", () -> gateway.stop().await(30, TimeUnit.SECONDS)));
    step("MQTT gateway at tcp://0.0.0.0:%d, operations at http://127.0.0.1:%d", gateway.mqttPort(), gateway.opsPort());

    Path checkpoints = dataDir.resolve("flink-checkpoints");
    Dirs.deleteTree(checkpoints); // they hold Kafka offsets of the topics deleted above
    FlinkCluster flink = FlinkCluster.start(flinkPort, 4, checkpoints);
    started.push(Stoppable.of("Flink", flink::close));
    JobSettings settings = JobSettings.of(kafka.bootstrapServers(), influx.url(), database, Topics.KAFKA_TELEMETRY,
        Topics.KAFKA_DEVICE_STATUS, Topics.KAFKA_TELEMETRY_DLQ, Topics.KAFKA_ALERTS, StorageJob.NAME);
    CityReference city = CityReference.load(Optional.ofNullable(inventoryFile), Optional.empty());
    JobID storage = flink.submit(StorageJob.NAME, env -> {
      settings.applyTo(env);
      StorageJob.buildTopology(env, StorageJob.sources(settings), StorageJob.influxSink(settings), city, settings);
    });
    step("Flink storage job %s running", storage);
    JobSettings detection = settings.withGroup(DetectionJob.NAME);
    JobID detect = flink.submit(DetectionJob.NAME, env -> {
      detection.applyTo(env);
      DetectionJob.buildTopology(env, StorageJob.sources(detection), DetectionJob.sinks(detection), city, detection);
    });
    step("Flink detection job %s running (alerts on %s)", detect, Topics.KAFKA_ALERTS);

    String device = "wonju-aq-001";
    System.out.printf("%nCityWatch is running. Endpoints:%n");
    System.out.printf("  MQTT      tcp://127.0.0.1:%d   (user deviceId@tenant, topic citywatch/{tenant}/{deviceId}/telemetry)%n", gateway.mqttPort());
    System.out.printf("  Kafka     %s%n", kafka.bootstrapServers());
    System.out.printf("  InfluxDB  %s   database %s%n", influx.url(), database);
    System.out.printf("  Flink UI  http://127.0.0.1:%d%n", flinkPort);
    System.out.printf("  Gateway   http://127.0.0.1:%d/health/ready   http://127.0.0.1:%d/metrics (Prometheus)%n",
        gateway.opsPort(), gateway.opsPort());
    System.out.printf("  Logs      %s%n", dataDir.resolve("logs").toAbsolutePath());
    System.out.printf("Try a simulated air-quality sensor:%n  mosquitto_pub -p %d -q 1 -u %s@wonju -P %s -t citywatch/wonju/%s/telemetry \\%n"
            + "    -m '{\"schema\":1,\"kind\":\"air_quality\",\"seq\":1,\"time\":'$(date +%%s%%3N)',\"readings\":[{\"quantity\":\"pm10\",\"unit\":\"ug/m3\",\"value\":87}]}'%n",
        gateway.mqttPort(), device, new String(FleetCredentials.development().password("wonju", device)), device);
    System.out.printf("  curl -sG %s/query --data-urlencode db=%s --data-urlencode 'q=SELECT * FROM air_quality'%n", influx.url(), database);
    System.out.printf("Ctrl-C stops everything.%n%n");

    StatusLine status = new StatusLine(gateway.metrics(), influx.url(), System.out);
    started.push(Stoppable.of("status line", status::close));
    status.start();
  }

  private void createTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(
          new NewTopic(Topics.KAFKA_TELEMETRY, 4, (short) 1),
          new NewTopic(Topics.KAFKA_TELEMETRY_DLQ, 1, (short) 1),
          new NewTopic(Topics.KAFKA_DEVICE_STATUS, 2, (short) 1),
          new NewTopic(Topics.KAFKA_ALERTS, 2, (short) 1),
          new NewTopic(Topics.KAFKA_ALERTS_DLQ, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  private synchronized void stopAll() {
    if (started.isEmpty()) return;
    System.out.printf("%nstopping...%n");
    while (!started.isEmpty()) {
      Stoppable s = started.pop();
      try {
        s.stop();
        System.out.printf("  stopped %s%n", s.name());
      } catch (Exception e) {
        System.out.printf("  stopping %s failed: %s%n", s.name(), e);
      }
    }
    System.out.flush();
  }

  private static void step(String format, Object... args) {
    System.out.printf("[demo] " + format + "%n", args);
  }
}
