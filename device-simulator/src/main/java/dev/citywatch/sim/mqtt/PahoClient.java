package dev.citywatch.sim.mqtt;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One Eclipse Paho asynchronous client, MQTT 5 or 3.1.1 behind one small interface, so the fleet
 * and the load generator do not each carry both of Paho's APIs.
 */
public final class PahoClient {
  /**
   * How to connect.
   *
   * @param username null for an open broker
   * @param willTopic null for no Last Will
   * @param autoReconnect reconnect with backoff (1 s to 30 s) after a lost connection
   * @param maxInflight unacknowledged QoS 1 messages the client allows itself (3.1.1; MQTT 5 follows the server's Receive Maximum)
   * @param offlineBuffer messages kept while disconnected (0: none)
   */
  public record Settings(URI target, String clientId, boolean mqtt5, String username, char[] password, String willTopic, byte[] will,
                         boolean autoReconnect, int maxInflight, int offlineBuffer) {}

  private final Settings settings;
  private org.eclipse.paho.mqttv5.client.MqttAsyncClient v5;
  private org.eclipse.paho.client.mqttv3.MqttAsyncClient v3;

  public PahoClient(Settings settings) {
    this.settings = settings;
  }

  public boolean connected() {
    return v5 != null ? v5.isConnected() : v3 != null && v3.isConnected();
  }

  /** Connects (or connects again after {@link #dropConnection()}). */
  public CompletableFuture<Void> connect() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      if (settings.mqtt5()) {
        if (v5 == null) {
          v5 = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(settings.target().toString(), settings.clientId(),
              new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
          if (settings.offlineBuffer() > 0) {
            var buffer = new org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(settings.offlineBuffer());
            buffer.setDeleteOldestMessages(true);
            v5.setBufferOpts(buffer);
          }
        }
        v5.connect(v5Options(), null, Listeners.v5(token -> done.complete(null), done::completeExceptionally));
      } else {
        if (v3 == null) {
          v3 = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(settings.target().toString(), settings.clientId(),
              new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
          if (settings.offlineBuffer() > 0) {
            var buffer = new org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions();
            buffer.setBufferEnabled(true);
            buffer.setBufferSize(settings.offlineBuffer());
            buffer.setDeleteOldestMessages(true);
            v3.setBufferOpts(buffer);
          }
        }
        v3.connect(v3Options(), null, Listeners.v3(token -> done.complete(null), done::completeExceptionally));
      }
    } catch (Exception e) {
      done.completeExceptionally(e);
    }
    return done;
  }

  private org.eclipse.paho.mqttv5.client.MqttConnectionOptions v5Options() {
    var o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
    if (settings.username() != null) {
      o.setUserName(settings.username());
      o.setPassword(new String(settings.password()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    o.setAutomaticReconnect(settings.autoReconnect());
    o.setAutomaticReconnectDelay(1, 30);
    o.setConnectionTimeout(30);
    o.setKeepAliveInterval(30);
    o.setCleanStart(true);
    if (settings.willTopic() != null) {
      o.setWill(settings.willTopic(), new org.eclipse.paho.mqttv5.common.MqttMessage(settings.will(), 1, false, null));
    }
    return o;
  }

  private org.eclipse.paho.client.mqttv3.MqttConnectOptions v3Options() {
    var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    if (settings.username() != null) {
      o.setUserName(settings.username());
      o.setPassword(settings.password());
    }
    o.setAutomaticReconnect(settings.autoReconnect());
    o.setMaxReconnectDelay(30_000);
    o.setConnectionTimeout(30);
    o.setKeepAliveInterval(30);
    o.setCleanSession(true);
    o.setMaxInflight(settings.maxInflight());
    if (settings.willTopic() != null) o.setWill(settings.willTopic(), settings.will(), 1, false);
    return o;
  }

  /** Publishes; {@code done} gets null once the broker took it (PUBACK 0x00 for QoS 1, written for QoS 0), or the error. */
  public void publish(String topic, byte[] payload, int qos, Consumer<Throwable> done) {
    try {
      if (v5 != null) {
        v5.publish(topic, new org.eclipse.paho.mqttv5.common.MqttMessage(payload, qos, false, null), null, Listeners.v5(token -> {
          int[] codes = token.getReasonCodes();
          done.accept(codes != null && codes.length > 0 && codes[0] >= 0x80
              ? new IllegalStateException("PUBACK reason 0x" + Integer.toHexString(codes[0])) : null);
        }, done));
      } else {
        v3.publish(topic, payload, qos, false, null, Listeners.v3(token -> done.accept(null), done));
      }
    } catch (Exception e) {
      done.accept(e);
    }
  }

  /** Loses the connection without DISCONNECT, as a device losing power does: the broker then publishes its Will. */
  public void dropConnection() {
    try {
      if (v5 != null) v5.disconnectForcibly(0, 1_000, false);
      if (v3 != null) v3.disconnectForcibly(0, 1_000, false);
    } catch (Exception e) {
      // already gone
    }
  }

  /** Disconnects cleanly (no Will), then frees the client's threads. */
  public void close() {
    // A clean DISCONNECT first: closing a Paho client whose threads still run makes it log errors.
    try {
      if (v5 != null) {
        if (v5.isConnected()) v5.disconnect(500).waitForCompletion(3_000);
        v5.close(true);
      }
      if (v3 != null) {
        if (v3.isConnected()) v3.disconnect(500).waitForCompletion(3_000);
        v3.close(true);
      }
    } catch (Exception e) {
      // closing: nothing left to save
    }
  }

  /** Paho's two listener interfaces, from lambdas. */
  private static final class Listeners {
    private Listeners() {}

    static org.eclipse.paho.mqttv5.client.MqttActionListener v5(Consumer<org.eclipse.paho.mqttv5.client.IMqttToken> success,
                                                                 Consumer<Throwable> failure) {
      return new org.eclipse.paho.mqttv5.client.MqttActionListener() {
        public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
          success.accept(token);
        }

        public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {
          failure.accept(e);
        }
      };
    }

    static org.eclipse.paho.client.mqttv3.IMqttActionListener v3(Consumer<org.eclipse.paho.client.mqttv3.IMqttToken> success,
                                                                 Consumer<Throwable> failure) {
      return new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
        public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
          success.accept(token);
        }

        public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
          failure.accept(e);
        }
      };
    }
  }
}
