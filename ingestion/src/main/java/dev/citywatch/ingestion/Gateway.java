package dev.citywatch.ingestion;

import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.kafka.KafkaPublisher;
import dev.citywatch.ingestion.mqtt.GatewayMetrics;
import dev.citywatch.ingestion.mqtt.GatewayVerticle;
import dev.citywatch.ingestion.mqtt.ConnectionQuota;
import dev.citywatch.ingestion.mqtt.MessagePipeline;
import dev.citywatch.ingestion.mqtt.PublishRateLimiter;
import dev.citywatch.ingestion.mqtt.SessionRegistry;
import dev.citywatch.ingestion.auth.LoginThrottle;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.ingestion.health.KafkaHealth;
import dev.citywatch.ingestion.health.OpsVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway: the MQTT verticle, its Kafka producer and its operations endpoints. */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final KafkaPublisher kafka;
  private final KafkaHealth kafkaHealth;
  private final GatewayVerticle verticle;
  private final OpsVerticle ops;
  private final GatewayMetrics metrics;
  private final AtomicBoolean accepting;
  private final List<String> deployments;

  private Gateway(Vertx vertx, KafkaPublisher kafka, KafkaHealth kafkaHealth, GatewayVerticle verticle, OpsVerticle ops,
                  GatewayMetrics metrics, AtomicBoolean accepting, List<String> deployments) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.kafkaHealth = kafkaHealth;
    this.verticle = verticle;
    this.ops = ops;
    this.metrics = metrics;
    this.accepting = accepting;
    this.deployments = deployments;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Inventory inventory, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KafkaPublisher kafka = new KafkaPublisher(config.kafka(), registry);
    KafkaHealth kafkaHealth = new KafkaHealth(config.kafka().bootstrapServers());
    GatewayMetrics metrics = new GatewayMetrics(registry);
    AtomicBoolean accepting = new AtomicBoolean();
    // Shared by every verticle instance: limits and client ids are per gateway, not per event loop.
    GatewayVerticle verticle = new GatewayVerticle(config, inventory, new MessagePipeline(config, kafka), metrics, clock,
        new LoginThrottle(config.gatewayLimits(), clock), new PublishRateLimiter(config.gatewayLimits(), System::nanoTime),
        new SessionRegistry(), new ConnectionQuota(config.gatewayLimits()));
    OpsVerticle ops = config.opsPort() < 0 ? null : new OpsVerticle(config.opsPort(), registry, kafkaHealth::isUp, accepting::get);
    List<String> deployments = new ArrayList<>();
    Future<?> opsDeployed = ops == null ? Future.succeededFuture() : vertx.deployVerticle(ops).onSuccess(deployments::add);
    return opsDeployed
        .compose(v -> vertx.deployVerticle(verticle))
        .map(id -> {
          deployments.add(id);
          accepting.set(true);
          LOG.info("[gateway {}] MQTT on port {}, operations on port {}, {} devices, Kafka {}", config.gatewayId(), verticle.actualPort(),
              ops == null ? "-" : ops.actualPort(), inventory.deviceCount(), config.kafka().bootstrapServers());
          return new Gateway(vertx, kafka, kafkaHealth, verticle, ops, metrics, accepting, deployments);
        })
        .onFailure(e -> {
          deployments.forEach(vertx::undeploy);
          kafkaHealth.close();
          kafka.close();
        });
  }

  public int mqttPort() {
    return verticle.actualPort();
  }

  /** Port of the operations endpoints, or -1 when they are off. */
  public int opsPort() {
    return ops == null ? -1 : ops.actualPort();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Reports not-ready, stops listening, then closes the producer (which sends what it still holds). */
  public Future<Void> stop() {
    accepting.set(false);
    Future<?> undeployed = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      undeployed = undeployed.eventually(() -> vertx.undeploy(id));
    }
    return undeployed.eventually(() -> vertx.executeBlocking(() -> {
      kafkaHealth.close();
      kafka.close();
      return null;
    })).mapEmpty();
  }

  /**
   * Runs a gateway alone. Environment: {@code CITYWATCH_KAFKA_BOOTSTRAP} (required),
   * {@code CITYWATCH_MQTT_PORT} (default 1883), {@code CITYWATCH_OPS_PORT} (default 8080),
   * {@code CITYWATCH_INVENTORY} (default: the committed one).
   */
  public static void main(String[] args) throws Exception {
    String bootstrap = Optional.ofNullable(System.getenv("CITYWATCH_KAFKA_BOOTSTRAP"))
        .orElseThrow(() -> new IllegalArgumentException("set CITYWATCH_KAFKA_BOOTSTRAP to the Kafka bootstrap servers"));
    int port = Integer.parseInt(Optional.ofNullable(System.getenv("CITYWATCH_MQTT_PORT")).orElse("1883"));
    int opsPort = Integer.parseInt(Optional.ofNullable(System.getenv("CITYWATCH_OPS_PORT")).orElse("8080"));
    Inventory inventory = InventoryLoader.loadOrDefault(Optional.ofNullable(System.getenv("CITYWATCH_INVENTORY")).map(Path::of));
    Vertx vertx = Vertx.vertx();
    Gateway gateway = start(vertx, GatewayConfig.defaults(bootstrap, port, opsPort), inventory, Clock.systemUTC()).await();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.stop().eventually(vertx::close).onComplete(r -> stopped.countDown());
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
  }
}
