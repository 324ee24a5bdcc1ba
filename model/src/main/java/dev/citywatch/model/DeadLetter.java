package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The value of a {@code citywatch.telemetry.dlq} Kafka record: a message the gateway refused, kept
 * whole (payload in base64) with the reason, so that nothing a device sent is silently lost.
 *
 * @param reason the stable reject reason code, e.g. {@code unit_mismatch}
 * @param field where in the payload the problem is; empty when the payload as a whole is wrong
 */
@JsonPropertyOrder({"schema", "tenant", "device", "topic", "reason", "field", "message", "payload", "gateway", "received_at"})
public record DeadLetter(
    @JsonProperty("schema") int schema,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("device") String deviceId,
    @JsonProperty("topic") String topic,
    @JsonProperty("reason") String reason,
    @JsonProperty("field") String field,
    @JsonProperty("message") String message,
    @JsonProperty("payload") String payloadBase64,
    @JsonProperty("gateway") String gatewayId,
    @JsonProperty("received_at") Instant receivedAt) {

  public static final int SCHEMA = 1;

  public DeadLetter {
    Ids.require("tenant", tenant);
    Ids.require("device", deviceId);
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(payloadBase64, "payload");
    Objects.requireNonNull(gatewayId, "gateway");
    Objects.requireNonNull(receivedAt, "received_at");
    field = field == null ? "" : field;
  }

  public static DeadLetter of(String tenant, String deviceId, String topic, String reason, String field, String message,
                              byte[] payload, String gatewayId, Instant receivedAt) {
    return new DeadLetter(SCHEMA, tenant, deviceId, topic, reason, field, message, Base64.getEncoder().encodeToString(payload), gatewayId, receivedAt);
  }

  public byte[] payload() {
    return Base64.getDecoder().decode(payloadBase64);
  }

  public String key() {
    return TenantKey.of(tenant, deviceId);
  }
}
