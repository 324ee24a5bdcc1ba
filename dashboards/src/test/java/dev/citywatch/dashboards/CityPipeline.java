package dev.citywatch.dashboards;

import dev.citywatch.alerting.AlertingService;
import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.alerting.console.ApiTokens;
import dev.citywatch.alerting.receiver.WebhookReceiver;
import dev.citywatch.alerting.subscription.Subscriber;
import dev.citywatch.alerting.subscription.SubscriptionDirectory;
import dev.citywatch.ingestion.Gateway;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.launcher.FlinkCluster;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.WebhookSubscription;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The whole pipeline in one test JVM on the shared Kafka and InfluxDB: gateway, the storage and
 * detection jobs on a Flink MiniCluster, the alerting service and a verifying webhook receiver,
 * with topics and a database of its own.
 */
final class CityPipeline implements AutoCloseable {
  final String database = Names.unique("dashboards");
  final Vertx vertx = Vertx.vertx();
  final Gateway gateway;
  final FlinkCluster flink;
  final WebhookReceiver receiver;
  final AlertingService alerting;

  CityPipeline(KafkaEndpoint kafka, InfluxEndpoint influx, Inventory inventory, Path checkpoints, PrintStream receiverOut)
      throws Exception {
    String base = Names.unique("dash");
    String telemetry = base + ".telemetry";
    String status = base + ".status";
    String dlq = base + ".dlq";
    String alerts = base + ".alerts";
    KafkaTopics.create(kafka, 2, telemetry, status, dlq, alerts, alerts + ".dlq");
    gateway = Gateway.start(vertx, new GatewayConfig("gw-dash", "127.0.0.1", 0,
        new GatewayConfig.KafkaSettings(kafka.bootstrapServers(), telemetry, dlq, status, Map.of()), DecodeLimits.DEFAULT,
        GatewayLimits.DEFAULT, -1), inventory, Clock.systemUTC()).await(30, TimeUnit.SECONDS);

    flink = FlinkCluster.start(0, 4, checkpoints);
    JobSettings storage = JobSettings.of(kafka.bootstrapServers(), influx.url(), database, telemetry, status, dlq, alerts,
        base + "-storage");
    CityReference city = CityReference.defaults();
    flink.submit(StorageJob.NAME, env -> {
      storage.applyTo(env);
      StorageJob.buildTopology(env, StorageJob.sources(storage), StorageJob.influxSink(storage), city, storage);
    });
    JobSettings detection = storage.withGroup(base + "-detection");
    flink.submit(DetectionJob.NAME, env -> {
      detection.applyTo(env);
      DetectionJob.buildTopology(env, StorageJob.sources(detection), DetectionJob.sinks(detection), city, detection);
    });

    FleetCredentials keys = FleetCredentials.development();
    List<Subscriber> subscribers = new ArrayList<>();
    receiver = new WebhookReceiver(allSecrets(inventory, keys), receiverOut, Clock.systemUTC());
    int port = receiver.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    inventory.tenants().forEach(t -> t.webhooks().forEach(w -> subscribers.add(at(w, port, t.id(), Set.of(t.id()), keys))));
    inventory.regions().forEach(r -> r.webhooks().forEach(w -> subscribers.add(at(w, port, r.id(), Set.copyOf(r.tenants()), keys))));
    AlertingConfig config = AlertingConfig.defaults(kafka.bootstrapServers(), Optional.of(influx.url()), database, 0)
        .withTopics(alerts, alerts + ".dlq", alerts + ".pending", base + "-alerting").withCapStatus("Exercise");
    alerting = new AlertingService(config, new SubscriptionDirectory(subscribers), new ApiTokens(inventory),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC(), new SecureRandom());
    vertx.deployVerticle(alerting).await(120, TimeUnit.SECONDS);
  }

  private static List<String> allSecrets(Inventory inventory, FleetCredentials keys) {
    List<String> out = new ArrayList<>();
    inventory.tenants().forEach(t -> t.webhooks().forEach(w -> out.add(keys.webhookSecret(w.id()))));
    inventory.regions().forEach(r -> r.webhooks().forEach(w -> out.add(keys.webhookSecret(w.id()))));
    return out;
  }

  /** The inventory's subscription, sent to the test's receiver instead of its URL. */
  private static Subscriber at(WebhookSubscription w, int port, String owner, Set<String> tenants, FleetCredentials keys) {
    WebhookSubscription here = new WebhookSubscription(w.id(), URI.create("http://127.0.0.1:" + port + w.url().getPath()),
        w.secretRefs(), w.kinds(), w.minSeverity(), w.format(), w.districts(), w.area(), w.headers());
    return new Subscriber(here, owner, tenants, List.of(keys.webhookSecret(w.id())));
  }

  int mqttPort() {
    return gateway.mqttPort();
  }

  int alertingPort() {
    return alerting.port();
  }

  @Override
  public void close() throws Exception {
    try {
      flink.close();
    } finally {
      gateway.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
