package dev.citywatch.alerting.cap;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;

/**
 * How the Korean crisis levels and alert kinds map onto CAP 1.2 value lists (the table in
 * docs/webhooks.md). A resolved alert keeps its severity, with urgency {@code Past}, certainty
 * {@code Observed} and response {@code AllClear}.
 */
public final class CapLevels {
  private CapLevels() {}

  public static String severity(Severity s) {
    return switch (s) {
      case ATTENTION -> "Minor";
      case CAUTION -> "Moderate";
      case WARNING -> "Severe";
      case SEVERE -> "Extreme";
    };
  }

  public static String urgency(Alert a) {
    if (a.state() == Alert.State.RESOLVED) return "Past";
    return switch (a.severity()) {
      case ATTENTION -> "Future";
      case CAUTION -> "Expected";
      case WARNING, SEVERE -> "Immediate";
    };
  }

  public static String certainty(Alert a) {
    if (a.state() == Alert.State.RESOLVED) return "Observed";
    return switch (a.severity()) {
      case ATTENTION -> "Possible";
      case CAUTION, WARNING -> "Likely";
      case SEVERE -> "Observed";
    };
  }

  public static String responseType(Alert a) {
    if (a.state() == Alert.State.RESOLVED) return "AllClear";
    return switch (a.severity()) {
      case ATTENTION -> "Monitor";
      case CAUTION, WARNING -> "Prepare";
      case SEVERE -> a.kind() == AlertKind.FLOOD || a.kind() == AlertKind.FIRE ? "Evacuate" : "Execute";
    };
  }

  public static String msgType(Alert.State state) {
    return switch (state) {
      case FIRING -> "Alert";
      case UPDATED -> "Update";
      case RESOLVED -> "Cancel";
    };
  }

  public static String category(AlertKind kind) {
    return switch (kind) {
      case FLOOD, HEAVY_RAIN -> "Met";
      case EARTHQUAKE -> "Geo";
      case FIRE -> "Fire";
      case AIR_QUALITY -> "Env";
      case TRAFFIC_CONGESTION, TRAFFIC_INCIDENT, TRAFFIC_ANOMALY -> "Transport";
      case DEVICE_FAULT -> "Infra";
    };
  }

  /** Radius of the CAP {@code <circle>} around the alert's position, by what the alert is about. */
  public static double radiusKm(AlertKind kind) {
    return switch (kind) {
      case FLOOD -> 2.0;
      case HEAVY_RAIN -> 5.0;
      case EARTHQUAKE -> 30.0;
      case FIRE -> 0.5;
      case AIR_QUALITY -> 10.0;
      case TRAFFIC_CONGESTION, TRAFFIC_INCIDENT, TRAFFIC_ANOMALY -> 0.5;
      case DEVICE_FAULT -> 0.1;
    };
  }
}
