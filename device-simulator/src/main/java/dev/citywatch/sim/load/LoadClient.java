package dev.citywatch.sim.load;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One MQTT connection of a load run, whatever library drives it. */
interface LoadClient {
  CompletableFuture<Void> connect();

  /**
   * Sends one message; {@code done} runs once with null when the broker took it (PUBACK for QoS 1,
   * written for QoS 0) or with the error.
   */
  void publish(String topic, byte[] payload, int qos, Consumer<Throwable> done);

  void disconnect();
}
