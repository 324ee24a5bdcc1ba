package dev.citywatch.ingestion.mqtt;

import dev.citywatch.model.Ids;
import dev.citywatch.model.Topics;
import java.util.Optional;

/** A parsed device topic: {@code citywatch/{tenant}/{deviceId}/{telemetry|status}}. */
public record DeviceTopic(String tenant, String deviceId, Channel channel) {
  public enum Channel {
    TELEMETRY,
    STATUS
  }

  /** Parses {@code topic}; anything that is not exactly a device topic is empty. */
  public static Optional<DeviceTopic> parse(String topic) {
    if (topic == null) return Optional.empty();
    String[] parts = topic.split("/", -1);
    if (parts.length != 4 || !parts[0].equals(Topics.MQTT_ROOT) || !Ids.isValid(parts[1]) || !Ids.isValid(parts[2])) {
      return Optional.empty();
    }
    Channel channel = switch (parts[3]) {
      case Topics.CHANNEL_TELEMETRY -> Channel.TELEMETRY;
      case Topics.CHANNEL_STATUS -> Channel.STATUS;
      default -> null;
    };
    return Optional.ofNullable(channel).map(c -> new DeviceTopic(parts[1], parts[2], c));
  }
}
