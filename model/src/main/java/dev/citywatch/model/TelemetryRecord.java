package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The value of a {@code citywatch.telemetry} Kafka record: one accepted MQTT message, validated and
 * enriched by a gateway. Key: {@link Topics#deviceKey}. Versioned by {@link #schema}.
 *
 * @param sequence the device's own message counter; a re-sent message keeps it, so consumers drop
 *     copies by (tenant, device, sequence)
 * @param appendedAt when Kafka appended the record (its timestamp, the topic's log-append time);
 *     set by the reader, not part of the JSON value
 * @param readAt when a job read it; set by the reader, not part of the JSON value
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
    @JsonProperty("readings") List<Reading> readings,
    @JsonIgnore Instant appendedAt,
    @JsonIgnore Instant readAt) {

  public static final int SCHEMA = 1;

  /** A record as a gateway writes it: not yet in Kafka, not yet read. */
  public TelemetryRecord(int schema, String tenant, String deviceId, SensorKind kind, long sequence, PayloadFormat format,
                         String gatewayId, Instant receivedAt, List<Reading> readings) {
    this(schema, tenant, deviceId, kind, sequence, format, gatewayId, receivedAt, readings, null, null);
  }

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
    for (int i = 1, n = readings.size(); i < n; i++) { // by index: no iterator for every call on the hot path
      Instant t = readings.get(i).time();
      if (t.isAfter(latest)) latest = t;
    }
    return latest;
  }

  /** This record as a reader got it from Kafka: appended at {@code appendedAt}, read at {@code readAt}. */
  public TelemetryRecord arrived(Instant appendedAt, Instant readAt) {
    return new TelemetryRecord(schema, tenant, deviceId, kind, sequence, format, gatewayId, receivedAt, readings, appendedAt, readAt);
  }

  /** The value of this record's first reading of {@code q}, if it has one. */
  public OptionalDouble first(Quantity q) {
    for (Reading x : readings) {
      if (x.quantity() == q) return OptionalDouble.of(x.value());
    }
    return OptionalDouble.empty();
  }

  /** The stages this record passed so far, for the latency ledger of an alert it causes. */
  @JsonIgnore
  public Trail trail() {
    return new Trail(receivedAt, appendedAt, readAt);
  }

  @JsonIgnore
  public String key() {
    return TenantKey.of(tenant, deviceId);
  }
}
