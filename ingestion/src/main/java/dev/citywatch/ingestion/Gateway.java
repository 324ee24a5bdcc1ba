package dev.citywatch.ingestion;

import dev.citywatch.ingestion.auth.LoginThrottle;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayEnvironment;
import dev.citywatch.ingestion.config.TlsSettings;
import dev.citywatch.ingestion.health.KafkaHealth;
import dev.citywatch.ingestion.health.OpsVerticle;
import dev.citywatch.ingestion.kafka.KafkaPublisher;
import dev.citywatch.ingestion.mqtt.ConnectionQuota;
import dev.citywatch.ingestion.mqtt.GatewayMetrics;
import dev.citywatch.ingestion.mqtt.GatewayServices;
import dev.citywatch.ingestion.mqtt.GatewayVerticle;
import dev.citywatch.ingestion.mqtt.MessagePipeline;
import dev.citywatch.ingestion.mqtt.PublishRateLimiter;
import dev.citywatch.ingestion.mqtt.SessionRegistry;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running gateway: its MQTT verticles (one per core), its Kafka producer and its operations endpoints. */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final KafkaPublisher kafka;
  private final KafkaHealth kafkaHealth;
  private final OpsVerticle ops;
  private final GatewayMetrics metrics;
  private final AtomicBoolean accepting;
  private final List<GatewayVerticle> instances;
  private final List<String> deployments;

  private Gateway(Vertx vertx, GatewayConfig config, KafkaPublisher kafka, KafkaHealth kafkaHealth, OpsVerticle ops,
                  GatewayMetrics metrics, AtomicBoolean accepting, List<GatewayVerticle> instances, List<String> deployments) {
    this.vertx = vertx;
    this.config = config;
    this.kafka = kafka;
    this.kafkaHealth = kafkaHealth;
    this.ops = ops;
    this.metrics = metrics;
    this.accepting = accepting;
    this.instances = instances;
    this.deployments = deployments;
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig requested, Inventory inventory, Clock clock) {
    GatewayConfig config;
    try {
      config = withConcretePorts(requested);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    KafkaPublisher kafka = new KafkaPublisher(config.kafka(), registry);
    KafkaHealth kafkaHealth = new KafkaHealth(config.kafka().bootstrapServers());
    GatewayMetrics metrics = new GatewayMetrics(registry);
    AtomicBoolean accepting = new AtomicBoolean();
    ConnectionQuota quota = new ConnectionQuota(config.gatewayLimits());
    metrics.watch(quota);
    GatewayServices services = new GatewayServices(config, new MessagePipeline(config, kafka, metrics), metrics, clock,
        new LoginThrottle(config.gatewayLimits(), clock), new PublishRateLimiter(config.gatewayLimits(), System::nanoTime),
        new SessionRegistry(), quota, accepting::get);
    List<GatewayVerticle> instances = new CopyOnWriteArrayList<>();
    Supplier<GatewayVerticle> verticles = () -> {
      GatewayVerticle v = new GatewayVerticle(services, inventory);
      instances.add(v);
      return v;
    };
    OpsVerticle ops = config.opsPort() < 0 ? null : new OpsVerticle(config.bindHost(), config.opsPort(), registry, kafkaHealth::isUp, accepting::get);
    List<String> deployments = new ArrayList<>();
    Future<?> opsDeployed = ops == null ? Future.succeededFuture() : vertx.deployVerticle(ops).onSuccess(deployments::add);
    return opsDeployed
        // One MQTT verticle per event loop; Vert.x spreads connections over them on shared ports.
        .compose(v -> vertx.deployVerticle(verticles, new DeploymentOptions().setInstances(config.instances())))
        .compose(id -> {
          deployments.add(id);
          String problem = samePorts(instances, GatewayVerticle::tcpPort, "MQTT")
              + samePorts(instances, GatewayVerticle::tlsPort, "TLS") + samePorts(instances, GatewayVerticle::websocketPort, "WebSocket");
          if (!problem.isEmpty()) {
            return Future.failedFuture(new IllegalStateException(problem));
          }
          accepting.set(true);
          GatewayVerticle first = instances.get(0);
          LOG.info("[gateway {}] MQTT on port {}, TLS {}, WebSocket {} ({} event loops), operations on port {}, {} devices, Kafka {}",
              config.gatewayId(), first.tcpPort(), portOrOff(first.tlsPort()), portOrOff(first.websocketPort()), instances.size(),
              ops == null ? "off" : ops.actualPort(), inventory.deviceCount(), config.kafka().bootstrapServers());
          return Future.succeededFuture(new Gateway(vertx, config, kafka, kafkaHealth, ops, metrics, accepting, instances, deployments));
        })
        .onFailure(e -> {
          deployments.forEach(vertx::undeploy);
          kafkaHealth.close();
          kafka.close();
        });
  }

  private static String samePorts(List<GatewayVerticle> instances, Function<GatewayVerticle, Integer> port, String listener) {
    Set<Integer> ports = instances.stream().map(port).collect(Collectors.toSet());
    return ports.size() == 1 ? "" : listener + " verticle instances listen on different ports: " + ports + ". ";
  }

  private static String portOrOff(int port) {
    return port < 0 ? "off" : Integer.toString(port);
  }

  /**
   * Port 0 would give every verticle instance a different free port; pick one for all of them.
   * (Another process could take it in between; then start-up fails with a clear bind error.)
   */
  private static GatewayConfig withConcretePorts(GatewayConfig config) throws IOException {
    GatewayConfig c = config.mqttPort() == 0 ? config.withPorts(freePort(), config.opsPort()) : config;
    if (c.websocketPort() == 0) c = c.withWebSocket(freePort());
    Optional<TlsSettings> tls = c.tls();
    if (tls.isPresent() && tls.get().port() == 0) c = c.withTls(tls.get().withPort(freePort()));
    return c;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  public int mqttPort() {
    return instances.get(0).tcpPort();
  }

  /** Port of the MQTT-over-TLS listener, or -1 when there is none. */
  public int tlsPort() {
    return instances.get(0).tlsPort();
  }

  /** Port of the MQTT-over-WebSocket listener (path {@code /mqtt}), or -1 when there is none. */
  public int websocketPort() {
    return instances.get(0).websocketPort();
  }

  /** Port of the operations endpoints, or -1 when they are off. */
  public int opsPort() {
    return ops == null ? -1 : ops.actualPort();
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  /**
   * Graceful shutdown: reports not-ready and refuses new connections, stops reading from every
   * connection, waits (up to the drain timeout) until every message in flight has reached Kafka and
   * been answered, then closes the connections (MQTT 5: DISCONNECT 0x8B) and the producer.
   */
  public Future<Void> stop() {
    accepting.set(false);
    Future<Void> drained = Future.all(instances.stream().map(GatewayVerticle::drain).toList())
        .compose(v -> awaitIdle(System.nanoTime() + config.drainTimeout().toNanos()));
    Future<?> undeployed = drained;
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

  private Future<Void> awaitIdle(long deadlineNanos) {
    if (metrics.inflight() == 0) {
      return Future.succeededFuture();
    }
    Promise<Void> idle = Promise.promise();
    vertx.setPeriodic(20, timer -> {
      boolean late = System.nanoTime() > deadlineNanos;
      if (metrics.inflight() == 0 || late) {
        vertx.cancelTimer(timer);
        if (late) {
          LOG.warn("[gateway {}] {} messages still in flight after {} s; closing anyway (their devices will resend)",
              config.gatewayId(), metrics.inflight(), config.drainTimeout().toSeconds());
        }
        idle.complete();
      }
    });
    return idle.future();
  }

  /** Runs a gateway alone, configured by environment variables ({@link GatewayEnvironment}). */
  public static void main(String[] args) throws Exception {
    GatewayConfig config = GatewayEnvironment.read(System.getenv());
    Inventory inventory = InventoryLoader.loadConfigured("CITYWATCH_INVENTORY", System.getenv("CITYWATCH_INVENTORY"));
    Vertx vertx = Vertx.vertx();
    Gateway gateway = start(vertx, config, inventory, Clock.systemUTC()).await();
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
