package dev.citywatch.ingestion.auth;

import dev.citywatch.ingestion.mqtt.GatewayException;
import dev.citywatch.ingestion.mqtt.Refusal;
import dev.citywatch.model.auth.PasswordHash;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttAuth;
import java.util.Optional;

/**
 * Checks {@code deviceId@tenant} and password against the inventory's salted hashes. The hash is
 * slow on purpose, so it runs on a worker thread, never on the event loop. An unknown device costs
 * the same hash as a known one, so timing does not tell which device ids exist.
 */
public final class DeviceAuthenticator {
  /** Hashed in place of a missing device, so refusals take the same time either way. */
  private static final String DECOY = PasswordHash.hash("decoy".toCharArray(), new byte[16], 10_000);

  private final Vertx vertx;
  private final Inventory inventory;

  public DeviceAuthenticator(Vertx vertx, Inventory inventory) {
    this.vertx = vertx;
    this.inventory = inventory;
  }

  public Future<AuthenticatedDevice> authenticate(MqttAuth auth) {
    if (auth == null || auth.getUsername() == null || auth.getPassword() == null) {
      return Future.failedFuture(new GatewayException(Refusal.BAD_CREDENTIALS, "no user name or password"));
    }
    String username = auth.getUsername();
    char[] password = auth.getPassword().toCharArray();
    int at = username.lastIndexOf('@');
    String deviceId = at > 0 ? username.substring(0, at) : "";
    String tenant = at > 0 ? username.substring(at + 1) : "";
    Optional<Device> device = inventory.device(tenant, deviceId);
    String stored = device.map(Device::passwordHash).orElse(DECOY);
    return vertx.executeBlocking(() -> PasswordHash.verify(password, stored), false)
        .compose(ok -> ok && device.isPresent()
            ? Future.succeededFuture(new AuthenticatedDevice(tenant, device.get()))
            : Future.failedFuture(new GatewayException(Refusal.BAD_CREDENTIALS, "bad user name or password for '" + username + "'")));
  }
}
