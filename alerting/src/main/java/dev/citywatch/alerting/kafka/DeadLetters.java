package dev.citywatch.alerting.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.citywatch.alerting.webhook.AttemptResult;
import dev.citywatch.alerting.webhook.Delivery;
import dev.citywatch.model.wire.WireJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;

/**
 * Deliveries that will never succeed go to {@code citywatch.alerts.dlq} (key: the alert id), with
 * the alert, the attempts made and the last response, for staff to follow up by other means.
 */
public final class DeadLetters {
  private final KafkaWriter writer;
  private final String topic;

  public DeadLetters(KafkaWriter writer, String topic) {
    this.writer = writer;
    this.topic = topic;
  }

  public Future<Void> write(Context context, Delivery d, AttemptResult last, String reason, Instant now) {
    ObjectNode record = WireJson.mapper().createObjectNode();
    record.put("schema", 1);
    record.put("subscription", d.subscriptionId());
    record.put("idempotency_key", d.idempotencyKey());
    record.put("reason", reason);
    record.put("attempts", d.attempts() + 1);
    record.put("first_attempt_at", (d.firstAttemptAt() == null ? now : d.firstAttemptAt()).toString());
    record.put("dead_lettered_at", now.toString());
    ObjectNode response = record.putObject("last_response");
    response.put("status", last.status());
    response.put("error", last.error());
    response.put("body", last.responseExcerpt());
    record.set("alert", WireJson.mapper().valueToTree(d.alert()));
    return writer.send(context, topic, d.alert().alertId(), WireJson.write(record));
  }

  /** A record of {@code citywatch.alerts} that is not an alert at all: kept, with why, for a person to look at. */
  public Future<Void> unreadable(Context context, String key, byte[] value, String problem, Instant now) {
    ObjectNode record = WireJson.mapper().createObjectNode();
    record.put("schema", 1);
    record.put("reason", "unreadable alert record: " + problem);
    record.put("dead_lettered_at", now.toString());
    record.put("original", value == null ? "" : new String(value, java.nio.charset.StandardCharsets.UTF_8));
    return writer.send(context, topic, key, WireJson.write(record));
  }
}
