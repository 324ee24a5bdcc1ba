package dev.citywatch.ingestion;

import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.kafka.KafkaPublisher;
import dev.citywatch.ingestion.mqtt.GatewayMetrics;
import dev.citywatch.ingestion.mqtt.GatewayVerticle;
import dev.citywatch.ingestion.mqtt.MessagePipeline;
import dev.citywatch.ingestion.mqtt.PublishRateLimiter;
import dev.citywatch.ingestion.mqtt.SessionRegistry;
import dev.citywatch.ingestion.auth.LoginThrottle;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway: the MQTT verticle and its Kafka producer. */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final KafkaPublisher kafka;
  private final GatewayVerticle verticle;
  private final GatewayMetrics metrics;
  private final String deploymentId;

  private Gateway(Vertx vertx, KafkaPublisher kafka, GatewayVerticle verticle, GatewayMetrics metrics, String deploymentId) {
    this.vertx = vertx;
    this.kafka = kafka;
    this.verticle = verticle;
    this.metrics = metrics;
    this.deploymentId = deploymentId;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Inventory inventory, MeterRegistry registry, Clock clock) {
    KafkaPublisher kafka = new KafkaPublisher(config.kafka());
    GatewayMetrics metrics = new GatewayMetrics(registry);
    // Shared by every verticle instance: limits and client ids are per gateway, not per event loop.
    GatewayVerticle verticle = new GatewayVerticle(config, inventory, new MessagePipeline(config, kafka), metrics, clock,
        new LoginThrottle(config.gatewayLimits(), clock), new PublishRateLimiter(config.gatewayLimits(), System::nanoTime),
        new SessionRegistry());
    return vertx.deployVerticle(verticle)
        .map(id -> {
          LOG.info("[gateway {}] MQTT on port {}, {} devices, Kafka {}", config.gatewayId(), verticle.actualPort(),
              inventory.deviceCount(), config.kafka().bootstrapServers());
          return new Gateway(vertx, kafka, verticle, metrics, id);
        })
        .onFailure(e -> kafka.close());
  }

  public int mqttPort() {
    return verticle.actualPort();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /** Stops listening, then closes the producer (which sends what it still holds). */
  public Future<Void> stop() {
    return vertx.undeploy(deploymentId).eventually(() -> vertx.executeBlocking(() -> {
      kafka.close();
      return null;
    }));
  }

  /**
   * Runs a gateway alone. Environment: {@code CITYWATCH_KAFKA_BOOTSTRAP} (required),
   * {@code CITYWATCH_MQTT_PORT} (default 1883), {@code CITYWATCH_INVENTORY} (default: the committed one).
   */
  public static void main(String[] args) throws Exception {
    String bootstrap = Optional.ofNullable(System.getenv("CITYWATCH_KAFKA_BOOTSTRAP"))
        .orElseThrow(() -> new IllegalArgumentException("set CITYWATCH_KAFKA_BOOTSTRAP to the Kafka bootstrap servers"));
    int port = Integer.parseInt(Optional.ofNullable(System.getenv("CITYWATCH_MQTT_PORT")).orElse("1883"));
    Inventory inventory = InventoryLoader.loadOrDefault(Optional.ofNullable(System.getenv("CITYWATCH_INVENTORY")).map(Path::of));
    Vertx vertx = Vertx.vertx();
    Gateway gateway = start(vertx, GatewayConfig.defaults(bootstrap, port), inventory, new SimpleMeterRegistry(), Clock.systemUTC())
        .await();
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
