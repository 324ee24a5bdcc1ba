package dev.citywatch.alerting;

import dev.citywatch.alerting.cap.CapMessage;
import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.alerting.console.AlertBook;
import dev.citywatch.alerting.console.ApiTokens;
import dev.citywatch.alerting.console.ConsoleRoutes;
import dev.citywatch.alerting.influx.InfluxRecorder;
import dev.citywatch.alerting.kafka.AlertConsumer;
import dev.citywatch.alerting.kafka.AlertFeed;
import dev.citywatch.alerting.kafka.DeadLetters;
import dev.citywatch.alerting.kafka.KafkaWriter;
import dev.citywatch.alerting.kafka.PendingJournal;
import dev.citywatch.alerting.subscription.SubscriptionDirectory;
import dev.citywatch.alerting.webhook.Acknowledgement;
import dev.citywatch.alerting.webhook.Delivery;
import dev.citywatch.alerting.webhook.DeliveryAttempt;
import dev.citywatch.alerting.webhook.DeliveryMetrics;
import dev.citywatch.alerting.webhook.DeliveryServices;
import dev.citywatch.alerting.webhook.Dispatcher;
import dev.citywatch.alerting.webhook.PayloadFactory;
import dev.citywatch.alerting.webhook.WebhookClient;
import dev.citywatch.model.Alert;
import dev.citywatch.model.Severity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert delivery service (docs/webhooks.md): reads {@code citywatch.alerts}, owes each step to
 * every matching subscription (journal first, then the Kafka offset), delivers signed requests
 * with retries, and serves the ack API, the console, health and metrics. Everything but Kafka
 * polling and start-up I/O runs on this verticle's event loop.
 */
public final class AlertingService extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);

  private final AlertingConfig config;
  private final SubscriptionDirectory directory;
  private final ApiTokens tokens;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final RandomGenerator random;

  private AlertBook book;
  private KafkaWriter writer;
  private Optional<InfluxRecorder> influx = Optional.empty();
  private WebhookClient client;
  private DeliveryMetrics metrics;
  private Dispatcher dispatcher;
  private AlertFeed feed;
  private AlertConsumer consumer;
  private HttpServer server;
  private volatile boolean ready;

  public AlertingService(AlertingConfig config, SubscriptionDirectory directory, ApiTokens tokens, PrometheusMeterRegistry registry,
                         Clock clock, RandomGenerator random) {
    this.config = config;
    this.directory = directory;
    this.tokens = tokens;
    this.registry = registry;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public Future<?> start() {
    book = new AlertBook(clock, config.lookBack());
    writer = new KafkaWriter(config.kafkaBootstrap(), config.consumerGroup());
    PendingJournal journal = new PendingJournal(writer, config.kafkaBootstrap(), config.pendingTopic());
    DeadLetters deadLetters = new DeadLetters(writer, config.deadLetterTopic());
    influx = config.influxUrl().map(url -> new InfluxRecorder(url, config.influxDatabase()));
    client = new WebhookClient(vertx, config.connectTimeout(), config.requestTimeout(), clock);
    metrics = new DeliveryMetrics(registry);
    PayloadFactory payloads = new PayloadFactory(book,
        new CapMessage(config.capSenderDomain(), config.capStatus(), Duration.ofHours(6), config.publicUrl()), config.publicUrl());
    DeliveryServices services = new DeliveryServices(vertx, context, client, payloads, journal, deadLetters, this::attempted,
        config.retry(), config.breakerReset(), clock, random);
    dispatcher = new Dispatcher(directory, services, config.breakerFailures());
    directory.all().forEach(s -> Gauge.builder("citywatch.alerting.owed", () -> dispatcher.depth(s.id()))
        .description("deliveries owed (waiting or being retried)").tag("subscription", s.id()).register(registry));

    return vertx.executeBlocking(() -> {
          journal.ensureTopic(3);
          influx.ifPresent(InfluxRecorder::start);
          List<Acknowledgement> acks = influx.map(i -> i.acknowledgements(config.lookBack())).orElse(List.of());
          List<DeliveryAttempt> attempts = influx.map(i -> i.attempts(config.lookBack(), AlertBook.ATTEMPTS_PER_ALERT)).orElse(List.of());
          return new Restored(journal.load(), acks, attempts);
        })
        .compose(restored -> {
          restored.acks().forEach(book::restoreAcknowledgement);
          restored.attempts().forEach(book::restoreAttempt);
          dispatcher.restore(restored.owed());
          LOG.info("[alerting] {} subscription(s); {} delivery(ies) owed from before; {} acknowledgement(s) and {} delivery "
              + "attempt(s) restored", directory.all().size(), restored.owed().size(), restored.acks().size(), restored.attempts().size());
          return startHttp();
        })
        .compose(v -> vertx.executeBlocking(() -> {
          feed = new AlertFeed(config.kafkaBootstrap(), config.alertsTopic(), config.lookBack(), context, book::apply, clock);
          feed.startAndCatchUp(Duration.ofSeconds(60));
          consumer = new AlertConsumer(config.kafkaBootstrap(), config.consumerGroup(), config.alertsTopic(), context,
              this::accept, deadLetters, clock);
          consumer.start();
          ready = true;
          return null;
        }));
  }

  private record Restored(List<Delivery> owed, List<Acknowledgement> acks, List<DeliveryAttempt> attempts) {}

  private Future<Void> accept(Alert alert, Instant appendedAt) {
    book.apply(alert);
    return dispatcher.accept(alert, appendedAt);
  }

  private void attempted(DeliveryAttempt attempt) {
    metrics.attempted(attempt);
    influx.ifPresent(i -> i.attempted(attempt));
    book.attempted(attempt);
  }

  private Future<Void> startHttp() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
    router.get("/health/ready").handler(ctx -> ctx.response().setStatusCode(ready ? 200 : 503)
        .end(ready ? "{\"status\":\"UP\"}" : "{\"status\":\"STARTING\"}"));
    router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape()));
    new ConsoleRoutes(vertx, book, tokens, this::acknowledged, clock).mount(router);
    return vertx.createHttpServer().requestHandler(router).listen(config.httpPort(), config.httpHost())
        .onSuccess(s -> {
          server = s;
          LOG.info("[alerting] console and ack API on port {}", s.actualPort());
        }).mapEmpty();
  }

  private void acknowledged(Acknowledgement ack, Alert alert) {
    influx.ifPresent(i -> vertx.executeBlocking(() -> {
      i.acknowledged(ack, alert.kind().id());
      return null;
    }, false).onFailure(e -> LOG.warn("[alert={}] acknowledgement not stored in InfluxDB: {}", ack.alertId(), e.toString())));
  }

  /** The HTTP port (console, ack API, health, metrics); valid once started. */
  public int port() {
    return server.actualPort();
  }

  public boolean ready() {
    return ready;
  }

  public AlertBook book() {
    return book;
  }

  /**
   * How many alerts of {@code tenants} are open (not resolved), by level, counted on the service's
   * own event loop: the book is only ever touched there.
   */
  public Future<Map<Severity, Long>> openBySeverity(Set<String> tenants) {
    Promise<Map<Severity, Long>> counted = Promise.promise();
    context.runOnContext(v -> {
      Map<Severity, Long> open = new EnumMap<>(Severity.class);
      book.current(tenants).stream().filter(a -> a.state() != Alert.State.RESOLVED)
          .forEach(a -> open.merge(a.severity(), 1L, Long::sum));
      counted.complete(open);
    });
    return counted.future();
  }

  @Override
  public Future<?> stop() {
    ready = false;
    return vertx.executeBlocking(() -> {
      if (consumer != null) consumer.close();
      if (feed != null) feed.close();
      return null;
    }).compose(v -> {
      dispatcher.close();
      return server == null ? Future.succeededFuture() : server.close();
    }).compose(v -> client.close()).compose(v -> vertx.executeBlocking(() -> {
      writer.close();
      influx.ifPresent(InfluxRecorder::close);
      return null;
    }));
  }
}
