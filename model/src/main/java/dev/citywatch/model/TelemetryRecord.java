package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The value of a {@code citywatch.telemetry} Kafka record: one accepted MQTT message, validated and
 * enriched by a gateway. Key: {@link Topics#deviceKey}. Versioned by {@link #schema}.
 *
 * @param sequence the device's own message counter; a re-sent message keeps it, so consumers drop
 *     copies by (tenant, device, sequence)
 */
@JsonPropertyOrder({"schema", "tenant", "device", "kind", "seq", "format", "gateway", "received_at", "readings"})
public record TelemetryRecord(
    @JsonProperty("schema") int schema,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("device") String deviceId,
    @JsonProperty("kind") SensorKind kind,
    @JsonProperty("seq") long sequence,
    @JsonProperty("format") PayloadFormat format,
    @JsonProperty("gateway") String gatewayId,
    @JsonProperty("received_at") Instant receivedAt,
    @JsonProperty("readings") List<Reading> readings) {

  public static final int SCHEMA = 1;

  public TelemetryRecord {
    if (schema != SCHEMA) {
      throw new IllegalArgumentException("unsupported telemetry record schema " + schema + ", expected " + SCHEMA);
    }
    Ids.require("tenant", tenant);
    Ids.require("device", deviceId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(gatewayId, "gateway");
    Objects.requireNonNull(receivedAt, "received_at");
    if (sequence < 0) {
      throw new IllegalArgumentException("seq must be >= 0, got " + sequence);
    }
    if (readings == null || readings.isEmpty()) {
      throw new IllegalArgumentException("readings must not be empty");
    }
    for (Reading r : readings) {
      if (!kind.measures(r.quantity())) {
        throw new IllegalArgumentException(kind.id() + " does not measure " + r.quantity().id());
      }
    }
    readings = List.copyOf(readings);
  }

  /** The record flattened into one {@link Measurement} per reading, in payload order. */
  public List<Measurement> measurements() {
    List<Measurement> out = new ArrayList<>(readings.size());
    for (Reading r : readings) {
      out.add(new Measurement(tenant, deviceId, kind, r.quantity(), r.value(), r.time(), sequence, receivedAt));
    }
    return out;
  }

  /** When the message was complete: the time of its latest reading (a pack of samples ends there). */
  @JsonIgnore
  public Instant eventTime() {
    Instant latest = readings.get(0).time();
    for (Reading r : readings) {
      if (r.time().isAfter(latest)) latest = r.time();
    }
    return latest;
  }

  @JsonIgnore
  public String key() {
    return Topics.deviceKey(tenant, deviceId);
  }
}
