package dev.citywatch.ingestion.mqtt;

import io.vertx.core.Context;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open connection of each MQTT client id on this gateway. A second connection with the same
 * client id takes over: the old one is closed, as MQTT requires (3.1.4-2 / 3.1.4-3).
 *
 * <p>A client id belongs to the device that authenticated with it: sessions are kept per tenant,
 * device and client id, so only the same device can take its own session over. Another device,
 * of this tenant or another, that happens to use the same id (vendor defaults, or a guess) gets a
 * session of its own and disturbs nobody.
 */
public final class SessionRegistry {
  private record Session(DeviceConnection connection, Context context) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** Registers {@code connection} and closes whatever connection of the same device held its client id before. */
  void takeOver(DeviceConnection connection, Context context) {
    Session old = sessions.put(key(connection), new Session(connection, context));
    if (old != null && old.connection() != connection) {
      // Close on the old connection's own event loop.
      old.context().runOnContext(v -> old.connection().takenOver());
    }
  }

  /** Removes {@code connection} unless a newer connection already took its client id. */
  void closed(DeviceConnection connection) {
    sessions.computeIfPresent(key(connection), (id, s) -> s.connection() == connection ? null : s);
  }

  public int size() {
    return sessions.size();
  }

  private static String key(DeviceConnection c) {
    // The client id last: it may contain any character, the tenant and device id may not contain '/'.
    return c.device().tenant() + "/" + c.device().deviceId() + "/" + c.clientId();
  }
}
