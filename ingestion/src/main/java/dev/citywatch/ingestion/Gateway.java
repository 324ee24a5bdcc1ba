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
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
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
  private final int mqttPort;
  private final OpsVerticle ops;
  private final GatewayMetrics metrics;
  private final AtomicBoolean accepting;
  private final List<String> deployments;

  private Gateway(Vertx vertx, KafkaPublisher kafka, KafkaHealth kafkaHealth, int mqttPort, OpsVerticle ops,
                  GatewayMetrics metrics, AtomicBoolean accepting, List<String> deployments) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.kafkaHealth = kafkaHealth;
    this.mqttPort = mqttPort;
    this.ops = ops;
    this.metrics = metrics;
    this.accepting = accepting;
    this.deployments = deployments;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig requested, Inventory inventory, Clock clock) {
    GatewayConfig config;
    try {
      config = withConcretePort(requested);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KafkaPublisher kafka = new KafkaPublisher(config.kafka(), registry);
    KafkaHealth kafkaHealth = new KafkaHealth(config.kafka().bootstrapServers());
    GatewayMetrics metrics = new GatewayMetrics(registry);
    AtomicBoolean accepting = new AtomicBoolean();
    // Shared by every verticle instance: limits and client ids are per gateway, not per event loop.
    MessagePipeline pipeline = new MessagePipeline(config, kafka);
    LoginThrottle throttle = new LoginThrottle(config.gatewayLimits(), clock);
    PublishRateLimiter rates = new PublishRateLimiter(config.gatewayLimits(), System::nanoTime);
    SessionRegistry sessions = new SessionRegistry();
    ConnectionQuota quota = new ConnectionQuota(config.gatewayLimits());
    List<GatewayVerticle> instances = new CopyOnWriteArrayList<>();
    Supplier<GatewayVerticle> verticles = () -> {
      GatewayVerticle v = new GatewayVerticle(config, inventory, pipeline, metrics, clock, throttle, rates, sessions, quota);
      instances.add(v);
      return v;
    };
    OpsVerticle ops = config.opsPort() < 0 ? null : new OpsVerticle(config.opsPort(), registry, kafkaHealth::isUp, accepting::get);
    List<String> deployments = new ArrayList<>();
    Future<?> opsDeployed = ops == null ? Future.succeededFuture() : vertx.deployVerticle(ops).onSuccess(deployments::add);
    return opsDeployed
        // One MQTT verticle per event loop; Vert.x spreads connections over them on one shared port.
        .compose(v -> vertx.deployVerticle(verticles, new DeploymentOptions().setInstances(config.instances())))
        .compose(id -> {
          deployments.add(id);
          Set<Integer> ports = instances.stream().map(GatewayVerticle::actualPort).collect(Collectors.toSet());
          if (ports.size() != 1) {
            return Future.failedFuture(new IllegalStateException("MQTT verticle instances listen on different ports: " + ports));
          }
          int port = ports.iterator().next();
          accepting.set(true);
          LOG.info("[gateway {}] MQTT on port {} ({} event loops), operations on port {}, {} devices, Kafka {}", config.gatewayId(), port,
              instances.size(), ops == null ? "-" : ops.actualPort(), inventory.deviceCount(), config.kafka().bootstrapServers());
          return Future.succeededFuture(new Gateway(vertx, kafka, kafkaHealth, port, ops, metrics, accepting, deployments));
        })
        .onFailure(e -> {
          deployments.forEach(vertx::undeploy);
          kafkaHealth.close();
          kafka.close();
        });
  }

  /**
   * Port 0 would give every verticle instance a different free port; pick one for all of them.
   * (Another process could take it in between; then start-up fails with a clear bind error.)
   */
  private static GatewayConfig withConcretePort(GatewayConfig config) throws IOException {
    if (config.mqttPort() != 0) return config;
    try (ServerSocket probe = new ServerSocket(0)) {
      return config.withPorts(probe.getLocalPort(), config.opsPort());
    }
  }

  public int mqttPort() {
    return mqttPort;
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
