package dev.citywatch.model.decode;

import dev.citywatch.model.SensorKind;
import java.time.Instant;
import java.util.Objects;

/**
 * What the gateway already knows about a message before reading it: who sent it (from the
 * authenticated connection and the topic) and what time it is now.
 */
public record DecodeContext(String tenant, String deviceId, SensorKind kind, Instant now) {
  public DecodeContext {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(now, "now");
  }
}
