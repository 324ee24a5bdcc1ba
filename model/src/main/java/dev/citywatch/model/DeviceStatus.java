package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * The value of a {@code citywatch.device-status} Kafka record: a device came online, went away
 * (cleanly, or by its MQTT Last Will), or reported its own state on its status topic.
 *
 * @param reason free text for people: why the state changed (e.g. "keep-alive timeout")
 * @param source who said so: {@code gateway} for connect/disconnect events, {@code will} for a Last
 *     Will, {@code device} for a message on the status topic
 */
@JsonPropertyOrder({"schema", "tenant", "device", "state", "reason", "source", "gateway", "time"})
public record DeviceStatus(
    @JsonProperty("schema") int schema,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("device") String deviceId,
    @JsonProperty("state") State state,
    @JsonProperty("reason") String reason,
    @JsonProperty("source") Source source,
    @JsonProperty("gateway") String gatewayId,
    @JsonProperty("time") Instant time) {

  public static final int SCHEMA = 1;

  public enum State {
    @JsonProperty("online") ONLINE,
    @JsonProperty("offline") OFFLINE,
    @JsonProperty("fault") FAULT
  }

  public enum Source {
    @JsonProperty("gateway") GATEWAY,
    @JsonProperty("will") WILL,
    @JsonProperty("device") DEVICE
  }

  public DeviceStatus {
    if (schema != SCHEMA) {
      throw new IllegalArgumentException("unsupported device status schema " + schema + ", expected " + SCHEMA);
    }
    Ids.require("tenant", tenant);
    Ids.require("device", deviceId);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(gatewayId, "gateway");
    Objects.requireNonNull(time, "time");
    reason = reason == null ? "" : reason;
  }

  public String key() {
    return TenantKey.of(tenant, deviceId);
  }
}
