package dev.citywatch.launcher.drill;

import dev.citywatch.alerting.receiver.WebhookReceiver;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.launcher.FlinkCluster;
import dev.citywatch.launcher.platform.PlatformSettings;
import dev.citywatch.launcher.platform.PlatformTopics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.inventory.WebhookSubscription;
import dev.citywatch.sim.inventory.InventoryGenerator;
import dev.citywatch.testkit.KafkaProcess;
import dev.citywatch.testkit.LocalInflux;
import dev.citywatch.testkit.ServiceProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Everything a fault drill can break, each as the real thing: a Kafka broker and {@code influxd}
 * as processes, two gateways as processes (devices fail over from one to the other, as behind a
 * TCP load balancer), the storage and detection jobs on a Flink MiniCluster checkpointing every
 * 2 s, the alerting service as a process, and a verifying webhook receiver that every subscription
 * of the inventory points at. The committed inventory is used, with the subscriptions' address
 * changed to the receiver's, and a tenant {@code loadtest} of load-test devices for the backlog drill.
 */
public final class DrillRig implements AutoCloseable {
  public static final String DATABASE = "citywatch";
  private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(2);
  /** The gateway's own logging set-up (console, so into each service's log file); Kafka's jars on this class path bring another. */
  private static final List<String> SERVICE_JVM = List.of("-Dlog4j2.configurationFile=log4j2.xml");

  private final Path dir;
  private final PrintStream progress;
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> started = new ArrayList<>();
  private KafkaProcess kafka;
  private LocalInflux influx;
  private ServiceProcess primaryGateway;
  private ServiceProcess standbyGateway;
  private final int[] mqttPorts = new int[2];
  private final int[] opsPorts = new int[2];
  private FlinkCluster flink;
  private JobID storageJob;
  private ServiceProcess alerting;
  private int alertingPort;
  private WebhookReceiver receiver;
  private int receiverPort;
  private List<String> webhookSecrets;
  private boolean receiverUp;
  private Inventory inventory;

  private DrillRig(Path dir, PrintStream progress) {
    this.dir = dir;
    this.progress = progress;
  }

  /**
   * Starts the rig in {@code dir}; {@code retryMax} is the alerting service's longest wait between
   * webhook retries (a drill that keeps the receiver away for minutes should not wait ten more).
   */
  public static DrillRig start(Path dir, Duration retryMax, int loadDevices, PrintStream progress) throws Exception {
    DrillRig rig = new DrillRig(dir, progress);
    try {
      rig.startAll(retryMax, loadDevices);
      return rig;
    } catch (Exception e) {
      rig.close();
      throw e;
    }
  }

  private void startAll(Duration retryMax, int loadDevices) throws Exception {
    FleetCredentials keys = FleetCredentials.development();
    kafka = KafkaProcess.start();
    started.add(kafka);
    PlatformTopics.standard().create(kafka.bootstrapServers(), 4);
    step("Kafka broker (own process) at %s", kafka.bootstrapServers());
    influx = LocalInflux.start(dir.resolve("influxdb"));
    started.add(influx);
    step("influxd at %s", influx.url());

    receiverPort = freePort();
    if (loadDevices > 0) step("writing an inventory with %,d load-test devices (a password hash each: takes a while)...", loadDevices);
    Path inventoryFile = drillInventory(receiverPort, loadDevices);
    inventory = InventoryLoader.load(inventoryFile);
    Map<String, String> secretEnv = new LinkedHashMap<>();
    webhookSecrets = new ArrayList<>();
    forEachWebhook(inventory, w -> w.secretRefs().stream().filter(r -> r.startsWith("env:")).forEach(r -> {
      secretEnv.put(r.substring(4), keys.webhookSecret(w.id()));
      webhookSecrets.add(keys.webhookSecret(w.id()));
    }));
    receiver = new WebhookReceiver(webhookSecrets, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
    startReceiver();
    step("webhook receiver at http://127.0.0.1:%d/ (every subscription of the inventory is sent here)", receiverPort);

    for (int i = 0; i < 2; i++) {
      mqttPorts[i] = freePort();
      opsPorts[i] = freePort();
      ServiceProcess gw = ServiceProcess.start("gateway-" + (i + 1), "dev.citywatch.ingestion.Gateway", SERVICE_JVM, Map.of(
          "CITYWATCH_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "CITYWATCH_INVENTORY", inventoryFile.toString(),
          "CITYWATCH_GATEWAY_ID", "gw-" + (i + 1), "CITYWATCH_MQTT_PORT", Integer.toString(mqttPorts[i]),
          "CITYWATCH_OPS_PORT", Integer.toString(opsPorts[i])), dir.resolve("gateway-" + (i + 1) + ".log"), mqttPorts[i]);
      started.add(gw);
      if (i == 0) primaryGateway = gw; else standbyGateway = gw;
      step("gateway %d (own process) at tcp://127.0.0.1:%d, readiness at http://127.0.0.1:%d/health/ready", i + 1, mqttPorts[i], opsPorts[i]);
    }

    flink = FlinkCluster.start(PlatformSettings.LOOPBACK, freePort(), 4, dir.resolve("flink"));
    started.add(flink);
    PlatformTopics topics = PlatformTopics.standard();
    CityReference city = CityReference.defaults();
    JobSettings storage = JobSettings.of(kafka.bootstrapServers(), influx.url(), DATABASE, topics.telemetry(), topics.status(),
        topics.telemetryDlq(), topics.alerts(), topics.storageGroup()).withCheckpointInterval(CHECKPOINT_INTERVAL);
    storageJob = submit(StorageJob.NAME, storage, env -> StorageJob.buildTopology(env, StorageJob.sources(storage), StorageJob.influxSink(storage),
        city, storage));
    JobSettings detection = storage.withGroup(topics.detectionGroup());
    submit(DetectionJob.NAME, detection, env -> DetectionJob.buildTopology(env, StorageJob.sources(detection),
        DetectionJob.sinks(detection), city, detection));

    alertingPort = freePort();
    Map<String, String> alertingEnv = new LinkedHashMap<>(secretEnv);
    alertingEnv.putAll(Map.of("CITYWATCH_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "CITYWATCH_INFLUX_URL", influx.url(),
        "CITYWATCH_INFLUX_DB", DATABASE, "CITYWATCH_ALERTING_PORT", Integer.toString(alertingPort),
        "CITYWATCH_INVENTORY", inventoryFile.toString(), "CITYWATCH_RETRY_INITIAL", "1s",
        "CITYWATCH_RETRY_MAX", retryMax.toSeconds() + "s"));
    alerting = ServiceProcess.start("alerting", "dev.citywatch.alerting.AlertingMain", SERVICE_JVM, alertingEnv, dir.resolve("alerting.log"),
        alertingPort);
    started.add(alerting);
    step("alerting service (own process) at http://127.0.0.1:%d, retries up to every %d s", alertingPort, retryMax.toSeconds());
  }

  private JobID submit(String name, JobSettings settings, Consumer<StreamExecutionEnvironment> topology) throws Exception {
    var job = flink.submit(name, env -> {
      settings.applyTo(env);
      topology.accept(env);
    });
    step("Flink job %s %s, checkpoints every %d s", name, job.id(), CHECKPOINT_INTERVAL.toSeconds());
    return job.id();
  }

  /**
   * The committed inventory (as its generator writes it) with {@code loadDevices} load-test devices,
   * and every webhook subscription's address changed to the receiver's.
   */
  private Path drillInventory(int port, int loadDevices) throws IOException {
    String text = new InventoryGenerator(FleetCredentials.development()).generate(loadDevices);
    String moved = text.replace("url: http://127.0.0.1:8090/", "url: http://127.0.0.1:" + port + "/");
    if (moved.equals(text)) throw new IllegalStateException("the inventory's webhooks no longer point at 127.0.0.1:8090");
    Path file = dir.resolve("inventory.yaml");
    Files.writeString(file, moved, StandardCharsets.UTF_8);
    return file;
  }

  private static void forEachWebhook(Inventory inventory, Consumer<WebhookSubscription> action) {
    inventory.tenants().forEach(t -> t.webhooks().forEach(action));
    inventory.regions().forEach(r -> r.webhooks().forEach(action));
  }

  /** Both gateways' MQTT addresses, the primary first: what a device's failover list holds. */
  public String[] gatewayUris() {
    return new String[] {"tcp://127.0.0.1:" + mqttPorts[0], "tcp://127.0.0.1:" + mqttPorts[1]};
  }

  /** The inventory the gateways and alerting run with. */
  public Inventory inventory() {
    return inventory;
  }

  /**
   * The sum of a gateway's Prometheus samples whose line starts with {@code sample} (a metric name,
   * optionally with labels, e.g. {@code citywatch_gateway_closed_total{reason="rate_limited"}}),
   * both gateways together; -1 when one does not answer. Counters start again with each gateway process.
   */
  public double gatewayMetric(String sample) {
    double sum = 0;
    for (int port : opsPorts) {
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openConnection();
        c.setConnectTimeout(1_000);
        c.setReadTimeout(3_000);
        try (InputStream in = c.getInputStream()) {
          sum += new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith(sample))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }
    return sum;
  }

  /** HTTP status of a gateway's {@code /health/ready} (index 0 or 1), or -1 when it does not answer. */
  public int gatewayReadiness(int index) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + opsPorts[index] + "/health/ready").toURL()
          .openConnection();
      c.setConnectTimeout(1_000);
      c.setReadTimeout(3_000);
      int code = c.getResponseCode();
      c.disconnect();
      return code;
    } catch (IOException e) {
      return -1;
    }
  }

  /** Failed webhook attempts the alerting service has counted so far (from its Prometheus endpoint), or -1. */
  public long failedWebhookAttempts() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + alertingPort + "/metrics").toURL().openConnection();
      c.setConnectTimeout(1_000);
      c.setReadTimeout(3_000);
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
            .filter(l -> l.startsWith("citywatch_alerting_deliveries_total{") && !l.contains("outcome=\"delivered\""))
            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Opens the receiver's port again after {@link #stopReceiver()}; what it received before is kept. */
  public void startReceiver() throws Exception {
    receiver.start(vertx, "127.0.0.1", receiverPort).await(10, TimeUnit.SECONDS);
    receiverUp = true;
  }

  /** Closes the receiver's port: webhooks are refused a connection, as when the staff's server is down. */
  public void stopReceiver() throws Exception {
    receiver.stop().await(10, TimeUnit.SECONDS);
    receiverUp = false;
  }

  /** Starts again whatever a drill left stopped or killed (also when it failed half-way), so the next drill starts whole. */
  public void repairAll() throws Exception {
    if (!kafka.running()) kafka.restart();
    if (!influx.running()) influx.restart();
    if (!receiverUp) startReceiver();
    for (ServiceProcess service : List.of(primaryGateway, standbyGateway, alerting)) {
      if (!service.running()) service.restart();
    }
  }

  private void step(String format, Object... args) {
    progress.printf("[drill] " + format + "%n", args);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public KafkaProcess kafka() {
    return kafka;
  }

  public LocalInflux influx() {
    return influx;
  }

  public ServiceProcess primaryGateway() {
    return primaryGateway;
  }

  public ServiceProcess standbyGateway() {
    return standbyGateway;
  }

  public FlinkCluster flink() {
    return flink;
  }

  /** The storage job's completed checkpoints: the job whose sink must hold them back while InfluxDB is away. */
  public FlinkCluster.Checkpoints storageCheckpoints() throws Exception {
    return flink.checkpoints(storageJob);
  }

  public ServiceProcess alerting() {
    return alerting;
  }

  public WebhookReceiver receiver() {
    return receiver;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        progress.println("[drill] stopping " + started.get(i).getClass().getSimpleName() + " failed: " + e);
      }
    }
    try {
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      progress.println("[drill] closing Vert.x failed: " + e);
    }
  }
}
