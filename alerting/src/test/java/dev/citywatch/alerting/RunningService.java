package dev.citywatch.alerting;

import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.alerting.console.ApiTokens;
import dev.citywatch.alerting.subscription.Subscriber;
import dev.citywatch.alerting.subscription.SubscriptionDirectory;
import dev.citywatch.alerting.webhook.RetryPolicy;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.WebhookSubscription;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The alerting service on the shared Kafka, with topics and a group of its own, and a producer of alerts. */
final class RunningService implements AutoCloseable {
  /** Fast retries for tests: 200 ms doubling to 2 s, give up after a minute. */
  static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMinutes(1));

  final Vertx vertx = Vertx.vertx();
  final AlertingConfig config;
  final AlertingService service;
  private final KafkaProducer<String, byte[]> producer;

  private RunningService(AlertingConfig config, SubscriptionDirectory directory, Inventory tokens) throws Exception {
    this.config = config;
    this.service = new AlertingService(config, directory, new ApiTokens(tokens), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        Clock.systemUTC(), new Random(7));
    vertx.deployVerticle(service).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  static AlertingConfig config(KafkaEndpoint kafka, Optional<String> influxUrl, String database) throws Exception {
    String base = Names.unique("alerting");
    AlertingConfig config = AlertingConfig.defaults(kafka.bootstrapServers(), influxUrl, database, 0)
        .withTopics(base + ".alerts", base + ".alerts.dlq", base + ".alerts.pending", base + "-group")
        .withRetry(FAST, 5, Duration.ofSeconds(2));
    KafkaTopics.create(kafka, 3, config.alertsTopic(), config.deadLetterTopic());
    return config;
  }

  static RunningService start(AlertingConfig config, List<Subscriber> subscribers, Inventory tokens) throws Exception {
    return new RunningService(config, new SubscriptionDirectory(subscribers), tokens);
  }

  static Subscriber subscriber(String id, String url, String secret, String owner, Set<String> tenants, WebhookSubscription.Format format) {
    WebhookSubscription s = new WebhookSubscription(id, URI.create(url), List.of("env:TEST"), EnumSet.allOf(AlertKind.class),
        Severity.ATTENTION, format, Set.of(), List.of(), Map.of());
    return new Subscriber(s, owner, tenants, List.of(secret));
  }

  void publish(Alert alert) throws Exception {
    producer.send(new ProducerRecord<>(config.alertsTopic(), alert.alertId(), WireJson.write(alert))).get(10, TimeUnit.SECONDS);
  }

  void publishRaw(String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(config.alertsTopic(), key, value)).get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    producer.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
