package dev.citywatch.sim.fleet;

import dev.citywatch.model.Topics;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.sim.mqtt.PahoClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One simulated device's MQTT connection: its credentials, a Last Will on its status topic,
 * automatic reconnection with backoff, an offline buffer, QoS 1 publishes. A device can also lose
 * its connection the hard way (no DISCONNECT), so the gateway announces its Will.
 */
final class DeviceAgent {
  static final byte[] WILL = "{\"state\":\"offline\",\"reason\":\"connection lost\"}".getBytes(StandardCharsets.UTF_8);

  private final Device device;
  private final boolean mqtt5;
  private final String topic;
  private final PahoClient client;
  private volatile boolean down;

  DeviceAgent(String tenant, Device device, char[] password, boolean mqtt5, URI target) {
    this.device = device;
    this.mqtt5 = mqtt5;
    this.topic = Topics.telemetryTopic(tenant, device.id());
    this.client = new PahoClient(new PahoClient.Settings(target, "sim-" + tenant + "-" + device.id(), mqtt5,
        Topics.username(tenant, device.id()), password, Topics.statusTopic(tenant, device.id()), WILL, true, 100, 1_000));
  }

  Device device() {
    return device;
  }

  boolean mqtt5() {
    return mqtt5;
  }

  /** Whether the connection was dropped on purpose (an offline fault) and not yet restored. */
  boolean isDropped() {
    return down;
  }

  boolean connected() {
    return !down && client.connected();
  }

  CompletableFuture<Void> connect() {
    return client.connect();
  }

  /**
   * Publishes with QoS 1; {@code done} gets null once PUBACKed (0x00), or the error. With the
   * connection's in-flight window full it waits for room (up to 30 s), as firmware queues
   * readings: the fleet falls behind instead of dropping them.
   */
  void publish(byte[] payload, Consumer<Throwable> done) throws InterruptedException {
    client.publishWhenRoom(topic, payload, 1, done, Duration.ofSeconds(30));
  }

  /** Loses the connection without DISCONNECT (the gateway then publishes the Will) and stays away. */
  void dropConnection() {
    down = true;
    client.dropConnection();
  }

  /** Comes back after {@link #dropConnection()}. */
  CompletableFuture<Void> reconnect() {
    down = false;
    return client.connect();
  }

  /** Disconnects cleanly (no Will). */
  void close() {
    client.close();
  }
}
