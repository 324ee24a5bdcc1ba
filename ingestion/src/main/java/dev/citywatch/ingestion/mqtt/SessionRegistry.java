package dev.citywatch.ingestion.mqtt;

import io.vertx.core.Context;
import io.vertx.mqtt.MqttEndpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connection of each MQTT client id on this gateway. A second connection with the same
 * client id takes over: the old one is closed, as MQTT requires (3.1.4-2 / 3.1.4-3).
 */
public final class SessionRegistry {
  private record Session(MqttEndpoint endpoint, Context context) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** Registers {@code endpoint} and closes whatever connection held its client id before. */
  public void takeOver(MqttEndpoint endpoint, Context context) {
    Session old = sessions.put(endpoint.clientIdentifier(), new Session(endpoint, context));
    if (old != null && old.endpoint() != endpoint) {
      // Close on the old connection's own event loop.
      old.context().runOnContext(v -> {
        if (old.endpoint().isConnected()) old.endpoint().close();
      });
    }
  }

  /** Removes {@code endpoint} unless a newer connection already took its client id. */
  public void closed(MqttEndpoint endpoint) {
    sessions.computeIfPresent(endpoint.clientIdentifier(), (id, s) -> s.endpoint() == endpoint ? null : s);
  }

  public int size() {
    return sessions.size();
  }
}
