package dev.citywatch.ingestion.mqtt;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;

/**
 * Stops and restarts reading from one MQTT connection's socket. While paused, Vert.x queues a few
 * frames and then turns off Netty's auto-read, so TCP flow control pushes back on the device
 * instead of the gateway buffering without limit.
 *
 * <p>vertx-mqtt 5.0 does not expose pause/resume on {@link MqttEndpoint}, so the socket is taken
 * from the endpoint's {@code conn} field. {@link #check()} runs at gateway start-up, so a Vert.x
 * upgrade that renames the field fails loudly there rather than silently losing backpressure.
 */
final class SocketReads {
  private static final Field CONN = connField();

  private final Runnable pause;
  private final Runnable resume;

  private SocketReads(Runnable pause, Runnable resume) {
    this.pause = pause;
    this.resume = resume;
  }

  static SocketReads of(MqttEndpoint endpoint) {
    try {
      NetSocket socket = (NetSocket) CONN.get(endpoint);
      return new SocketReads(socket::pause, socket::resume);
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot reach the socket of " + endpoint.getClass().getName(), e);
    }
  }

  /** Pause and resume doing something else than touching a socket (unit tests). */
  static SocketReads forTest(Runnable pause, Runnable resume) {
    return new SocketReads(pause, resume);
  }

  /** Fails when this Vert.x MQTT version does not have the field this class relies on. */
  static void check() {
    if (CONN == null) {
      throw new IllegalStateException("io.vertx.mqtt.impl.MqttEndpointImpl has no NetSocket field 'conn': "
          + "this vertx-mqtt version is not supported by the gateway's backpressure");
    }
  }

  void pause() {
    pause.run();
  }

  void resume() {
    resume.run();
  }

  private static Field connField() {
    try {
      Field f = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      if (!NetSocket.class.isAssignableFrom(f.getType())) return null;
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
