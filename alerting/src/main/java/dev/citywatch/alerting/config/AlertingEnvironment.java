package dev.citywatch.alerting.config;

import dev.citywatch.alerting.webhook.RetryPolicy;
import dev.citywatch.model.yaml.YamlFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the alerting service's configuration from environment variables, naming every mistake at
 * once (docs/webhooks.md lists them with their defaults):
 * CITYWATCH_KAFKA_BOOTSTRAP (required), CITYWATCH_INFLUX_URL, CITYWATCH_INFLUX_DB (citywatch),
 * CITYWATCH_ALERTING_PORT (8088), CITYWATCH_ALERTING_PUBLIC_URL, CITYWATCH_RETRY_INITIAL (1s),
 * CITYWATCH_RETRY_MAX (10m), CITYWATCH_RETRY_GIVE_UP (24h), CITYWATCH_CAP_STATUS (Actual),
 * CITYWATCH_ALERTS_TOPIC, CITYWATCH_ALERTS_DLQ_TOPIC, CITYWATCH_ALERTS_PENDING_TOPIC and
 * CITYWATCH_ALERTING_GROUP (the names of docs/wire-format.md; set them to share a Kafka cluster).
 */
public final class AlertingEnvironment {
  private AlertingEnvironment() {}

  public static AlertingConfig read(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    String bootstrap = env.getOrDefault("CITYWATCH_KAFKA_BOOTSTRAP", "").strip();
    if (bootstrap.isEmpty()) problems.add("CITYWATCH_KAFKA_BOOTSTRAP is required (host:port of the Kafka brokers)");
    int port = 8088;
    try {
      port = Integer.parseInt(env.getOrDefault("CITYWATCH_ALERTING_PORT", "8088").strip());
    } catch (NumberFormatException e) {
      problems.add("CITYWATCH_ALERTING_PORT must be a number");
    }
    Duration initial = duration(env, "CITYWATCH_RETRY_INITIAL", Duration.ofSeconds(1), problems);
    Duration max = duration(env, "CITYWATCH_RETRY_MAX", Duration.ofMinutes(10), problems);
    Duration giveUp = duration(env, "CITYWATCH_RETRY_GIVE_UP", Duration.ofHours(24), problems);
    String capStatus = env.getOrDefault("CITYWATCH_CAP_STATUS", "Actual");
    if (!List.of("Actual", "Exercise", "System", "Test", "Draft").contains(capStatus)) {
      problems.add("CITYWATCH_CAP_STATUS must be Actual, Exercise, System, Test or Draft");
    }
    RetryPolicy retry = null;
    try {
      retry = new RetryPolicy(initial, max, giveUp);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) throw new IllegalArgumentException("invalid alerting environment: " + String.join("; ", problems));
    Optional<String> influx = Optional.ofNullable(env.get("CITYWATCH_INFLUX_URL")).filter(s -> !s.isBlank());
    AlertingConfig d = AlertingConfig.defaults(bootstrap, influx, env.getOrDefault("CITYWATCH_INFLUX_DB", "citywatch"), port);
    String publicUrl = env.getOrDefault("CITYWATCH_ALERTING_PUBLIC_URL", d.publicUrl());
    return new AlertingConfig(d.kafkaBootstrap(), env.getOrDefault("CITYWATCH_ALERTS_TOPIC", d.alertsTopic()),
        env.getOrDefault("CITYWATCH_ALERTS_DLQ_TOPIC", d.deadLetterTopic()),
        env.getOrDefault("CITYWATCH_ALERTS_PENDING_TOPIC", d.pendingTopic()), env.getOrDefault("CITYWATCH_ALERTING_GROUP", d.consumerGroup()),
        d.influxUrl(), d.influxDatabase(), d.httpHost(), port, publicUrl, retry, d.connectTimeout(), d.requestTimeout(),
        d.breakerFailures(), d.breakerReset(), d.lookBack(), d.capSenderDomain(), capStatus);
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback, List<String> problems) {
    String value = env.get(name);
    if (value == null || value.isBlank()) return fallback;
    Optional<Duration> parsed = YamlFields.parseDuration(value.strip());
    if (parsed.isEmpty()) problems.add(name + " must be a duration such as 30s, 10m or 24h, got '" + value + "'");
    return parsed.orElse(fallback);
  }
}
