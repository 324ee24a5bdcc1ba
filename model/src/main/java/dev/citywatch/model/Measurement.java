package dev.citywatch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading with everything needed to store or judge it on its own: the unit of the stream
 * processors. A {@link TelemetryRecord} with n readings flattens into n measurements that share
 * tenant, device, sequence and receive time.
 */
public record Measurement(
    String tenant,
    String deviceId,
    SensorKind kind,
    Quantity quantity,
    double value,
    Instant eventTime,
    long sequence,
    Instant receivedAt) {

  public Measurement {
    Ids.require("tenant", tenant);
    Ids.require("deviceId", deviceId);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(receivedAt, "receivedAt");
    if (!kind.measures(quantity)) {
      throw new IllegalArgumentException(kind.id() + " does not measure " + quantity.id());
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, got " + value);
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, got " + sequence);
    }
  }

  public String unit() {
    return quantity.unit();
  }

  public String deviceKey() {
    return TenantKey.of(tenant, deviceId);
  }
}
