package dev.citywatch.sim.load;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A load connection driven by Eclipse Paho's asynchronous client, MQTT 5 or 3.1.1. */
final class PahoLoadClient implements LoadClient {
  private final LoadOptions options;
  private final LoadDevice device;
  private org.eclipse.paho.mqttv5.client.MqttAsyncClient v5;
  private org.eclipse.paho.client.mqttv3.MqttAsyncClient v3;

  PahoLoadClient(LoadOptions options, LoadDevice device) {
    this.options = options;
    this.device = device;
  }

  @Override
  public CompletableFuture<Void> connect() {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    try {
      if (options.mqttVersion() == 5) {
        v5 = new org.eclipse.paho.mqttv5.client.MqttAsyncClient(options.target().toString(), device.clientId(),
            new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
        var o = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
        o.setConnectionTimeout(30);
        o.setKeepAliveInterval(60);
        if (options.authenticate()) {
          o.setUserName(device.username());
          o.setPassword(new String(device.password()).getBytes(StandardCharsets.UTF_8));
        }
        v5.connect(o, null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
          public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            connected.complete(null);
          }

          public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {
            connected.completeExceptionally(e);
          }
        });
      } else {
        v3 = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(options.target().toString(), device.clientId(),
            new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        var o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        o.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setConnectionTimeout(30);
        o.setKeepAliveInterval(60);
        o.setMaxInflight(Math.max(options.window(), 10));
        if (options.authenticate()) {
          o.setUserName(device.username());
          o.setPassword(device.password());
        }
        v3.connect(o, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
          public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
            connected.complete(null);
          }

          public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
            connected.completeExceptionally(e);
          }
        });
      }
    } catch (Exception e) {
      connected.completeExceptionally(e);
    }
    return connected;
  }

  @Override
  public void publish(String topic, byte[] payload, int qos, Consumer<Throwable> done) {
    try {
      if (v5 != null) {
        var message = new org.eclipse.paho.mqttv5.common.MqttMessage(payload, qos, false, null);
        v5.publish(topic, message, null, new org.eclipse.paho.mqttv5.client.MqttActionListener() {
          public void onSuccess(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            int[] codes = token.getReasonCodes();
            done.accept(codes != null && codes.length > 0 && codes[0] >= 0x80
                ? new IllegalStateException("PUBACK reason 0x" + Integer.toHexString(codes[0])) : null);
          }

          public void onFailure(org.eclipse.paho.mqttv5.client.IMqttToken token, Throwable e) {
            done.accept(e);
          }
        });
      } else {
        v3.publish(topic, payload, qos, false, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
          public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
            done.accept(null);
          }

          public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
            done.accept(e);
          }
        });
      }
    } catch (Exception e) {
      done.accept(e);
    }
  }

  @Override
  public void disconnect() {
    // A clean DISCONNECT first: closing a Paho client whose threads still run makes it log errors.
    try {
      if (v5 != null) {
        if (v5.isConnected()) v5.disconnect(500).waitForCompletion(2_000);
        v5.close(true);
      }
      if (v3 != null) {
        if (v3.isConnected()) v3.disconnect(500).waitForCompletion(2_000);
        v3.close(true);
      }
    } catch (Exception e) {
      // closing a load connection: nothing left to save
    }
  }
}
