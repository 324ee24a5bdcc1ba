package dev.citywatch.launcher.platform;

import dev.citywatch.alerting.receiver.WebhookReceiver;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.launcher.FlinkCluster;
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
 * The platform with every stage a process of its own, as the fault drills break them and the
 * pipeline benchmark measures them: a Kafka broker and {@code influxd}, one or two gateways
 * (devices fail over from one to the other, as behind a TCP load balancer), the storage and
 * detection jobs on a Flink MiniCluster in this JVM, the alerting service, and a verifying webhook
 * receiver that every subscription of the inventory points at. The inventory is the committed one,
 * with the subscriptions' address changed to the receiver's, and a tenant {@code loadtest} of
 * load-test devices and fire sensors when the options ask for them.
 */
public final class ProcessRig implements AutoCloseable {
  public static final String DATABASE = "citywatch";
  /** Partitions of the telemetry topic (status and alerts: half as many). */
  public static final int PARTITIONS = 4;

  /**
   * @param gateways gateway processes, 1 or 2
   * @param loadDevices load-test air-quality devices in the inventory
   * @param probeSensors load-test fire sensors, whose fire alerts go to their own subscription
   * @param checkpointInterval of both jobs
   * @param retryMax the alerting service's longest wait between webhook retries (a drill that keeps
   *     the receiver away for minutes should not wait ten more)
   */
  public record Options(Path dir, int gateways, int loadDevices, int probeSensors, Duration checkpointInterval, Duration retryMax) {
    public Options {
      if (gateways < 1 || gateways > 2) throw new IllegalArgumentException("1 or 2 gateways, not " + gateways);
    }

    /** The drills': two gateways, checkpoints every 2 s. */
    public static Options forDrills(Path dir, Duration retryMax, int loadDevices) {
      return new Options(dir, 2, loadDevices, 0, Duration.ofSeconds(2), retryMax);
    }
  }

  /** The gateway's own logging set-up (console, so into each service's log file); Kafka's jars on this class path bring another. */
  private static final List<String> SERVICE_JVM = List.of("-Dlog4j2.configurationFile=log4j2.xml");
  /**
   * The alerting service handles a few alerts a second: the C2 compiler would spend more CPU
   * compiling its paths (half its CPU in the first minutes, async-profiler) than it would ever save.
   */
  private static final List<String> ALERTING_JVM = List.of("-Dlog4j2.configurationFile=log4j2.xml", "-XX:TieredStopAtLevel=1");

  private final Path dir;
  private final Options options;
  private final PrintStream progress;
  private final Vertx vertx = Vertx.vertx();
  private final List<AutoCloseable> started = new ArrayList<>();
  private KafkaProcess kafka;
  private LocalInflux influx;
  private final List<ServiceProcess> gateways = new ArrayList<>();
  private int[] mqttPorts;
  private int[] opsPorts;
  private FlinkCluster flink;
  private JobID storageJob;
  private JobID detectionJob;
  private ServiceProcess alerting;
  private int alertingPort;
  private WebhookReceiver receiver;
  private int receiverPort;
  private List<String> webhookSecrets;
  private boolean receiverUp;
  private Inventory inventory;
  private Path inventoryFile;

  private ProcessRig(Options options, PrintStream progress) {
    this.dir = options.dir();
    this.options = options;
    this.progress = progress;
  }

  /** Starts the rig in {@code options.dir()}. */
  public static ProcessRig start(Options options, PrintStream progress) throws Exception {
    ProcessRig rig = new ProcessRig(options, progress);
    try {
      rig.startAll();
      return rig;
    } catch (Exception e) {
      rig.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    int loadDevices = options.loadDevices();
    FleetCredentials keys = FleetCredentials.development();
    kafka = KafkaProcess.start();
    started.add(kafka);
    PlatformTopics.standard().create(kafka.bootstrapServers(), PARTITIONS);
    step("Kafka broker (own process) at %s", kafka.bootstrapServers());
    influx = LocalInflux.start(dir.resolve("influxdb"));
    started.add(influx);
    step("influxd at %s", influx.url());

    receiverPort = freePort();
    if (loadDevices + options.probeSensors() > 0) {
      step("writing an inventory with %,d load-test devices and %,d fire sensors (a password hash each: takes a while)...", loadDevices,
          options.probeSensors());
    }
    inventoryFile = inventoryFor(receiverPort);
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

    mqttPorts = new int[options.gateways()];
    opsPorts = new int[options.gateways()];
    for (int i = 0; i < options.gateways(); i++) {
      mqttPorts[i] = freePort();
      opsPorts[i] = freePort();
      ServiceProcess gw = ServiceProcess.start("gateway-" + (i + 1), "dev.citywatch.ingestion.Gateway", SERVICE_JVM, Map.of(
          "CITYWATCH_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "CITYWATCH_INVENTORY", inventoryFile.toString(),
          "CITYWATCH_GATEWAY_ID", "gw-" + (i + 1), "CITYWATCH_MQTT_PORT", Integer.toString(mqttPorts[i]),
          "CITYWATCH_OPS_PORT", Integer.toString(opsPorts[i])), dir.resolve("gateway-" + (i + 1) + ".log"), mqttPorts[i]);
      started.add(gw);
      gateways.add(gw);
      step("gateway %d (own process) at tcp://127.0.0.1:%d, readiness at http://127.0.0.1:%d/health/ready", i + 1, mqttPorts[i], opsPorts[i]);
    }

    flink = FlinkCluster.start(PlatformSettings.LOOPBACK, freePort(), 4, dir.resolve("flink"));
    started.add(flink);
    PlatformTopics topics = PlatformTopics.standard();
    CityReference city = CityReference.load(java.util.Optional.of(inventoryFile), java.util.Optional.empty());
    JobSettings storage = JobSettings.of(kafka.bootstrapServers(), influx.url(), DATABASE, topics.telemetry(), topics.status(),
        topics.telemetryDlq(), topics.alerts(), topics.storageGroup()).withCheckpointInterval(options.checkpointInterval());
    storageJob = submit(StorageJob.NAME, storage, env -> StorageJob.buildTopology(env, StorageJob.sources(storage), StorageJob.influxSink(storage),
        city, storage));
    JobSettings detection = storage.withGroup(topics.detectionGroup());
    detectionJob = submit(DetectionJob.NAME, detection, env -> DetectionJob.buildTopology(env, DetectionJob.sources(detection),
        DetectionJob.sinks(detection), city, detection));

    alertingPort = freePort();
    Map<String, String> alertingEnv = new LinkedHashMap<>(secretEnv);
    alertingEnv.putAll(Map.of("CITYWATCH_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "CITYWATCH_INFLUX_URL", influx.url(),
        "CITYWATCH_INFLUX_DB", DATABASE, "CITYWATCH_ALERTING_PORT", Integer.toString(alertingPort),
        "CITYWATCH_INVENTORY", inventoryFile.toString(), "CITYWATCH_RETRY_INITIAL", "1s",
        "CITYWATCH_RETRY_MAX", options.retryMax().toSeconds() + "s"));
    alerting = ServiceProcess.start("alerting", "dev.citywatch.alerting.AlertingMain", ALERTING_JVM, alertingEnv, dir.resolve("alerting.log"),
        alertingPort);
    started.add(alerting);
    step("alerting service (own process) at http://127.0.0.1:%d, retries up to every %d s", alertingPort, options.retryMax().toSeconds());
  }

  private JobID submit(String name, JobSettings settings, Consumer<StreamExecutionEnvironment> topology) throws Exception {
    var job = flink.submit(name, env -> {
      settings.applyTo(env);
      topology.accept(env);
    });
    step("Flink job %s %s, checkpoints every %d s", name, job.id(), options.checkpointInterval().toSeconds());
    return job.id();
  }

  /**
   * The committed inventory (as its generator writes it) with the options' load-test devices and
   * fire sensors, and every webhook subscription's address changed to the receiver's.
   */
  private Path inventoryFor(int port) throws IOException {
    String text = new InventoryGenerator(FleetCredentials.development()).generate(options.loadDevices(), options.probeSensors());
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

  /** The gateways' MQTT addresses, the primary first: what a device's failover list holds. */
  public String[] gatewayUris() {
    return java.util.Arrays.stream(mqttPorts).mapToObj(p -> "tcp://127.0.0.1:" + p).toArray(String[]::new);
  }

  /** The file of {@link #inventory()}, for other processes (a load generator) to read. */
  public Path inventoryFile() {
    return inventoryFile;
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
    List<ServiceProcess> services = new ArrayList<>(gateways);
    services.add(alerting);
    for (ServiceProcess service : services) {
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
    return gateways.get(0);
  }

  /** The second gateway (drills: {@link Options#forDrills}). */
  public ServiceProcess standbyGateway() {
    if (gateways.size() < 2) throw new IllegalStateException("this rig has one gateway");
    return gateways.get(1);
  }

  public JobID storageJob() {
    return storageJob;
  }

  public JobID detectionJob() {
    return detectionJob;
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
