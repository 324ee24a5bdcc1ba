package dev.citywatch.launcher.platform;

import dev.citywatch.alerting.AlertingService;
import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.alerting.console.ApiTokens;
import dev.citywatch.alerting.receiver.WebhookReceiver;
import dev.citywatch.alerting.subscription.Subscriber;
import dev.citywatch.alerting.subscription.SubscriptionDirectory;
import dev.citywatch.ingestion.Gateway;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.launcher.FlinkCluster;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.WebhookSubscription;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Every CityWatch stage in one JVM, wired as in production: the MQTT gateway, the storage and
 * detection jobs on a Flink MiniCluster, the alerting service, and a verifying webhook receiver
 * that every subscription of the inventory is pointed at. Kafka and InfluxDB run elsewhere (the
 * demo starts them as processes; tests share one of each).
 *
 * <p>{@link #close()} stops in the order that loses nothing acknowledged: the gateway first (it
 * answers what is in flight, then closes connections), then each job with a savepoint (its sink
 * flushes; the next start carries on from there), then alerting, the receiver and Vert.x.
 */
public final class Platform implements AutoCloseable {
  private final PlatformSettings settings;
  private final Stopper stopper;
  private final Vertx vertx = Vertx.vertx();
  private final PrometheusMeterRegistry alertingMetrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private WebhookReceiver receiver;
  private AlertingService alerting;
  private FlinkCluster flink;
  private Gateway gateway;

  private Platform(PlatformSettings settings, PrintStream progress) {
    this.settings = settings;
    this.stopper = new Stopper(progress);
  }

  /** Starts every stage, reporting each on {@code progress}; on failure stops what did start and throws. */
  public static Platform start(PlatformSettings settings, PrintStream progress) throws Exception {
    Platform p = new Platform(settings, progress);
    p.stopper.add("Vert.x", () -> p.vertx.close().await(30, TimeUnit.SECONDS));
    try {
      p.startAll(progress);
      return p;
    } catch (Exception e) {
      p.close();
      throw e;
    }
  }

  private void startAll(PrintStream progress) throws Exception {
    Inventory inventory = settings.inventory();
    PlatformTopics topics = settings.topics();
    topics.create(settings.kafkaBootstrap(), 4);

    FleetCredentials keys = FleetCredentials.development();
    int receiverPort = settings.receiverPort();
    if (settings.startReceiver()) {
      receiver = new WebhookReceiver(allSecrets(inventory, keys), settings.receiverOut(), Clock.systemUTC());
      receiverPort = receiver.start(vertx, settings.bindHost(), receiverPort).await(10, TimeUnit.SECONDS);
      step(progress, "webhook receiver at http://%s:%d/ (every subscription of the inventory is sent here)", settings.bindHost(),
          receiverPort);
    } else {
      step(progress, "no webhook receiver: every subscription of the inventory is sent to http://127.0.0.1:%d/, for yours", receiverPort);
    }

    AlertingConfig config = AlertingConfig.defaults(settings.kafkaBootstrap(), Optional.of(settings.influxUrl()), settings.database(),
            settings.alertingPort())
        .withTopics(topics.alerts(), topics.alertsDlq(), topics.alertsPending(), topics.alertingGroup())
        .withCapStatus(settings.capStatus())
        .withHttpHost(settings.bindHost());
    alerting = new AlertingService(config, new SubscriptionDirectory(subscribers(inventory, receiverPort, keys)),
        new ApiTokens(inventory), alertingMetrics, Clock.systemUTC(), new SecureRandom());
    String deployment = vertx.deployVerticle(alerting).await(120, TimeUnit.SECONDS);
    stopper.add("alerting", () -> vertx.undeploy(deployment).await(30, TimeUnit.SECONDS));
    step(progress, "alerting service at http://%s:%d (console /console/, API /api/alerts, metrics /metrics)", settings.bindHost(), alerting.port());

    flink = FlinkCluster.start(settings.bindHost(), settings.flinkUiPort(), 4, settings.flinkState());
    stopper.add("Flink", flink::close);
    CityReference city = CityReference.defaults();
    JobSettings storage = JobSettings.of(settings.kafkaBootstrap(), settings.influxUrl(), settings.database(), topics.telemetry(),
        topics.status(), topics.telemetryDlq(), topics.alerts(), topics.storageGroup()).withOutOfOrderness(settings.outOfOrderness());
    submit(progress, StorageJob.NAME, storage, env ->
        StorageJob.buildTopology(env, StorageJob.sources(storage), StorageJob.influxSink(storage), city, storage));
    JobSettings detection = storage.withGroup(topics.detectionGroup());
    submit(progress, DetectionJob.NAME, detection, env ->
        DetectionJob.buildTopology(env, DetectionJob.sources(detection), DetectionJob.sinks(detection), city, detection));

    GatewayConfig gw = new GatewayConfig("gw-1", settings.bindHost(), settings.mqttPort(),
        new GatewayConfig.KafkaSettings(settings.kafkaBootstrap(), topics.telemetry(), topics.telemetryDlq(), topics.status(), Map.of()),
        DecodeLimits.DEFAULT, settings.gatewayLimits(), settings.opsPort());
    gateway = Gateway.start(vertx, gw, inventory, Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    stopper.add("gateway", () -> gateway.stop().await(30, TimeUnit.SECONDS));
    step(progress, "MQTT gateway at tcp://%s:%d%s", settings.bindHost(), gateway.mqttPort(),
        gateway.opsPort() > 0 ? ", operations at http://" + settings.bindHost() + ":" + gateway.opsPort() : "");
  }

  private void submit(PrintStream progress, String name, JobSettings job, Consumer<StreamExecutionEnvironment> topology)
      throws Exception {
    FlinkCluster.Submitted s = flink.submit(name, env -> {
      job.applyTo(env);
      topology.accept(env);
    });
    JobID id = s.id();
    stopper.add("Flink job " + name + " (savepoint)", () -> flink.stopWithSavepoint(name, id));
    step(progress, "Flink job %s %s%s", name, id, s.restoredFrom().map(p -> ", carried on from " + p.getFileName()).orElse(""));
  }

  private static List<String> allSecrets(Inventory inventory, FleetCredentials keys) {
    List<String> out = new ArrayList<>();
    inventory.tenants().forEach(t -> t.webhooks().forEach(w -> out.add(keys.webhookSecret(w.id()))));
    inventory.regions().forEach(r -> r.webhooks().forEach(w -> out.add(keys.webhookSecret(w.id()))));
    return out;
  }

  private static List<Subscriber> subscribers(Inventory inventory, int port, FleetCredentials keys) {
    List<Subscriber> out = new ArrayList<>();
    inventory.tenants().forEach(t -> t.webhooks().forEach(w -> out.add(at(w, port, t.id(), Set.of(t.id()), keys))));
    inventory.regions().forEach(r -> r.webhooks().forEach(w -> out.add(at(w, port, r.id(), Set.copyOf(r.tenants()), keys))));
    return out;
  }

  /** The inventory's subscription, sent to this platform's receiver (same path) instead of its URL. */
  private static Subscriber at(WebhookSubscription w, int port, String owner, Set<String> tenants, FleetCredentials keys) {
    WebhookSubscription here = new WebhookSubscription(w.id(), URI.create("http://127.0.0.1:" + port + w.url().getPath()),
        w.secretRefs(), w.kinds(), w.minSeverity(), w.format(), w.districts(), w.area(), w.headers());
    return new Subscriber(here, owner, tenants, List.of(keys.webhookSecret(w.id())));
  }

  private static void step(PrintStream out, String format, Object... args) {
    out.printf("[platform] " + format + "%n", args);
  }

  public Gateway gateway() {
    return gateway;
  }

  /** The verifying receiver every subscription is sent to; empty when the settings left it to the user. */
  public Optional<WebhookReceiver> receiver() {
    return Optional.ofNullable(receiver);
  }

  public AlertingService alerting() {
    return alerting;
  }

  public PrometheusMeterRegistry alertingMetrics() {
    return alertingMetrics;
  }

  public PlatformSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    stopper.stopAll();
  }
}
