package dev.citywatch.model;

/** Names that cross module borders: MQTT topics and Kafka topics (records are keyed by {@link TenantKey}). */
public final class Topics {
  public static final String KAFKA_TELEMETRY = "citywatch.telemetry";
  public static final String KAFKA_TELEMETRY_DLQ = "citywatch.telemetry.dlq";
  public static final String KAFKA_DEVICE_STATUS = "citywatch.device-status";
  public static final String KAFKA_ALERTS = "citywatch.alerts";
  public static final String KAFKA_ALERTS_DLQ = "citywatch.alerts.dlq";

  public static final String MQTT_ROOT = "citywatch";
  public static final String CHANNEL_TELEMETRY = "telemetry";
  public static final String CHANNEL_STATUS = "status";

  private Topics() {}

  public static String telemetryTopic(String tenant, String deviceId) {
    return MQTT_ROOT + "/" + tenant + "/" + deviceId + "/" + CHANNEL_TELEMETRY;
  }

  public static String statusTopic(String tenant, String deviceId) {
    return MQTT_ROOT + "/" + tenant + "/" + deviceId + "/" + CHANNEL_STATUS;
  }

  /** MQTT user name of a device: {@code deviceId@tenant}. */
  public static String username(String tenant, String deviceId) {
    return deviceId + "@" + tenant;
  }
}
