package dev.citywatch.sim.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /**
   * As {@link #publish}, but when the client already has its maximum of messages in flight it
   * waits (up to {@code maxWait}) for room, as a device's firmware queues its readings, instead of
   * failing the message. Blocks the calling thread meanwhile.
   */
  public void publishWhenRoom(String topic, byte[] payload, int qos, Consumer<Throwable> done, Duration maxWait)
      throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      // Paho refuses a publish beyond its in-flight maximum synchronously, before it is sent.
      AtomicBoolean full = new AtomicBoolean();
      publish(topic, payload, qos, error -> {
        if (isInflightFull(error) && System.nanoTime() < deadline) {
          full.set(true);
        } else {
          done.accept(error);
        }
      });
      if (!full.get()) return;
      Thread.sleep(2);
    }
  }

  private static boolean isInflightFull(Throwable error) {
    return (error instanceof org.eclipse.paho.mqttv5.common.MqttException e5
            && e5.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT)
        || (error instanceof org.eclipse.paho.client.mqttv3.MqttException e3
            && e3.getReasonCode() == org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT);
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
