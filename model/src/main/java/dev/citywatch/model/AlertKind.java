package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** What an alert is about; webhook subscriptions filter on these. */
public enum AlertKind {
  FLOOD("flood"),
  HEAVY_RAIN("heavy_rain"),
  EARTHQUAKE("earthquake"),
  FIRE("fire"),
  AIR_QUALITY("air_quality"),
  TRAFFIC_CONGESTION("traffic_congestion"),
  TRAFFIC_INCIDENT("traffic_incident"),
  TRAFFIC_ANOMALY("traffic_anomaly"),
  DEVICE_FAULT("device_fault");

  private final String id;

  AlertKind(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public static Optional<AlertKind> fromId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  @JsonCreator
  static AlertKind require(String id) {
    return fromId(id).orElseThrow(() -> new IllegalArgumentException("unknown alert kind '" + id + "'"));
  }
}
