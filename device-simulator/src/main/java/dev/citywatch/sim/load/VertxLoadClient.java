package dev.citywatch.sim.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A load connection on the Vert.x event-loop MQTT client (3.1.1): thousands of these share a few
 * threads, where Paho needs several threads per connection.
 */
final class VertxLoadClient implements LoadClient {
  private final Vertx vertx;
  private final LoadOptions options;
  private final LoadDevice device;
  private final Map<Integer, Consumer<Throwable>> pending = new ConcurrentHashMap<>();
  private MqttClient client;

  VertxLoadClient(Vertx vertx, LoadOptions options, LoadDevice device) {
    this.vertx = vertx;
    this.options = options;
    this.device = device;
  }

  @Override
  public CompletableFuture<Void> connect() {
    MqttClientOptions o = new MqttClientOptions()
        .setClientId(device.clientId())
        .setKeepAliveInterval(60)
        .setAutoKeepAlive(true)
        .setMaxInflightQueue(Math.max(options.window(), 10));
    if (options.authenticate()) {
      o.setUsername(device.username()).setPassword(new String(device.password()));
    }
    client = MqttClient.create(vertx, o);
    client.publishCompletionHandler(id -> {
      Consumer<Throwable> done = pending.remove(id);
      if (done != null) done.accept(null);
    });
    client.closeHandler(v -> {
      IllegalStateException closed = new IllegalStateException("connection closed");
      pending.values().forEach(done -> done.accept(closed));
      pending.clear();
    });
    return client.connect(options.target().getPort(), options.target().getHost())
        .<Void>compose(ack -> ack.code() == io.netty.handler.codec.mqtt.MqttConnectReturnCode.CONNECTION_ACCEPTED
            ? io.vertx.core.Future.succeededFuture()
            : io.vertx.core.Future.failedFuture("CONNACK " + ack.code()))
        .toCompletionStage().toCompletableFuture();
  }

  @Override
  public void publish(String topic, byte[] payload, int qos, Consumer<Throwable> done) {
    client.publish(topic, Buffer.buffer(payload), MqttQoS.valueOf(qos), false, false)
        .onSuccess(id -> {
          if (qos == 0) {
            done.accept(null);
          } else {
            pending.put(id, done);
          }
        })
        .onFailure(done::accept);
  }

  @Override
  public void disconnect() {
    if (client != null && client.isConnected()) {
      client.disconnect();
    }
  }
}
