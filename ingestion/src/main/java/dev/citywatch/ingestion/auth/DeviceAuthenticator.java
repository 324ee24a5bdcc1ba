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
 * Finds out which device is connecting: from a verified client certificate (mTLS), or from
 * {@code deviceId@tenant} and a password checked against the inventory's salted hashes. The hash
 * is slow on purpose, so it runs on a worker thread, never on the event loop. An unknown device
 * costs the same hash as a known one, so timing does not tell which device ids exist.
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

  /**
   * @param certificateName {@code deviceId@tenant} from a client certificate the TLS handshake
   *     verified, if the device presented one
   */
  public Future<AuthenticatedDevice> authenticate(MqttAuth auth, Optional<String> certificateName) {
    String username = auth == null ? null : auth.getUsername();
    if (certificateName.isPresent()) {
      return byCertificate(certificateName.get(), username);
    }
    if (username == null || auth.getPassword() == null) {
      return Future.failedFuture(new GatewayException(Refusal.BAD_CREDENTIALS, "no user name or password"));
    }
    char[] password = auth.getPassword().toCharArray();
    Optional<Device> device = lookUp(username);
    String stored = device.map(Device::passwordHash).orElse(DECOY);
    return vertx.executeBlocking(() -> PasswordHash.verify(password, stored), false)
        .compose(ok -> ok && device.isPresent()
            ? Future.succeededFuture(new AuthenticatedDevice(tenantOf(username), device.get()))
            : Future.failedFuture(new GatewayException(Refusal.BAD_CREDENTIALS, "bad user name or password for '" + username + "'")));
  }

  /** The certificate is the credential; a user name, if sent, must name the same device. */
  private Future<AuthenticatedDevice> byCertificate(String name, String username) {
    if (username != null && !username.isEmpty() && !username.equals(name)) {
      return Future.failedFuture(new GatewayException(Refusal.BAD_CREDENTIALS,
          "user name '" + username + "' does not match the client certificate's '" + name + "'"));
    }
    return lookUp(name)
        .map(device -> Future.succeededFuture(new AuthenticatedDevice(tenantOf(name), device)))
        .orElseGet(() -> Future.failedFuture(new GatewayException(Refusal.BAD_CREDENTIALS,
            "the client certificate names '" + name + "', which is not in the inventory")));
  }

  private Optional<Device> lookUp(String username) {
    int at = username.lastIndexOf('@');
    return at > 0 ? inventory.device(username.substring(at + 1), username.substring(0, at)) : Optional.empty();
  }

  private static String tenantOf(String username) {
    return username.substring(username.lastIndexOf('@') + 1);
  }
}
