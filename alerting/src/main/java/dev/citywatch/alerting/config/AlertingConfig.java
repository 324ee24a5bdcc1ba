package dev.citywatch.alerting.config;

import dev.citywatch.alerting.webhook.RetryPolicy;
import dev.citywatch.model.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the alerting service needs, checked once at start-up.
 *
 * @param influxUrl where the delivery log and acknowledgements go; empty: metrics only
 * @param httpPort console, ack API, health and metrics; 0 picks a free port
 * @param publicUrl how staff reach the console (links in webhook bodies and CAP {@code web})
 * @param capStatus CAP {@code status}: {@code Actual}, or {@code Exercise} for a simulated city
 */
public record AlertingConfig(
    String kafkaBootstrap,
    String alertsTopic,
    String deadLetterTopic,
    String pendingTopic,
    String consumerGroup,
    Optional<String> influxUrl,
    String influxDatabase,
    String httpHost,
    int httpPort,
    String publicUrl,
    RetryPolicy retry,
    Duration connectTimeout,
    Duration requestTimeout,
    int breakerFailures,
    Duration breakerReset,
    Duration lookBack,
    String capSenderDomain,
    String capStatus) {

  public static final String PENDING_TOPIC = "citywatch.alerts.pending";

  public AlertingConfig {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    if (httpPort < 0 || httpPort > 65535) throw new IllegalArgumentException("http port out of range: " + httpPort);
    if (breakerFailures < 1) throw new IllegalArgumentException("breaker failures must be >= 1");
    if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.compareTo(connectTimeout) < 0) {
      throw new IllegalArgumentException("need 0 < connect timeout <= request timeout");
    }
  }

  /** The documented defaults (docs/webhooks.md) for a Kafka cluster and an optional InfluxDB. */
  public static AlertingConfig defaults(String kafkaBootstrap, Optional<String> influxUrl, String influxDatabase, int httpPort) {
    return new AlertingConfig(kafkaBootstrap, Topics.KAFKA_ALERTS, Topics.KAFKA_ALERTS_DLQ, PENDING_TOPIC, "citywatch-alerting",
        influxUrl, influxDatabase, "0.0.0.0", httpPort, "http://127.0.0.1:" + httpPort + "/console/", RetryPolicy.DEFAULT,
        Duration.ofSeconds(2), Duration.ofSeconds(10), 5, Duration.ofSeconds(30), Duration.ofDays(3), "citywatch.local", "Actual");
  }

  public AlertingConfig withTopics(String alerts, String deadLetters, String pending, String group) {
    return new AlertingConfig(kafkaBootstrap, alerts, deadLetters, pending, group, influxUrl, influxDatabase, httpHost, httpPort,
        publicUrl, retry, connectTimeout, requestTimeout, breakerFailures, breakerReset, lookBack, capSenderDomain, capStatus);
  }

  public AlertingConfig withRetry(RetryPolicy retry, int breakerFailures, Duration breakerReset) {
    return new AlertingConfig(kafkaBootstrap, alertsTopic, deadLetterTopic, pendingTopic, consumerGroup, influxUrl, influxDatabase,
        httpHost, httpPort, publicUrl, retry, connectTimeout, requestTimeout, breakerFailures, breakerReset, lookBack,
        capSenderDomain, capStatus);
  }

  /** The address the console, ack API and metrics listen on: 127.0.0.1 keeps them to this machine. */
  public AlertingConfig withHttpHost(String host) {
    return new AlertingConfig(kafkaBootstrap, alertsTopic, deadLetterTopic, pendingTopic, consumerGroup, influxUrl, influxDatabase,
        host, httpPort, publicUrl, retry, connectTimeout, requestTimeout, breakerFailures, breakerReset, lookBack,
        capSenderDomain, capStatus);
  }

  public AlertingConfig withCapStatus(String status) {
    return new AlertingConfig(kafkaBootstrap, alertsTopic, deadLetterTopic, pendingTopic, consumerGroup, influxUrl, influxDatabase,
        httpHost, httpPort, publicUrl, retry, connectTimeout, requestTimeout, breakerFailures, breakerReset, lookBack,
        capSenderDomain, status);
  }
}
