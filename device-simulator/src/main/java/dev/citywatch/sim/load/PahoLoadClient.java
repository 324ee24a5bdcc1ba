package dev.citywatch.sim.load;

import dev.citywatch.sim.mqtt.PahoClient;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A load connection driven by Eclipse Paho's asynchronous client, MQTT 5 or 3.1.1. */
final class PahoLoadClient implements LoadClient {
  private final PahoClient client;

  PahoLoadClient(LoadOptions options, LoadDevice device) {
    this.client = new PahoClient(new PahoClient.Settings(options.target(), device.clientId(), options.mqttVersion() == 5,
        options.authenticate() ? device.username() : null, device.password(), null, null, false, Math.max(options.window(), 10), 0));
  }

  @Override
  public CompletableFuture<Void> connect() {
    return client.connect();
  }

  @Override
  public void publish(String topic, byte[] payload, int qos, Consumer<Throwable> done) {
    client.publish(topic, payload, qos, done);
  }

  @Override
  public void disconnect() {
    client.close();
  }
}
