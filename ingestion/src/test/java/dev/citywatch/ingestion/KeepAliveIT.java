package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive (a client silent for 1.5 × its keep-alive is dropped; one that pings stays) and
 * clients that never finish CONNECT, driven with raw MQTT 3.1.1 frames over a plain socket.
 */
class KeepAliveIT {
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start("gw-keepalive", "127.0.0.1", GatewayLimits.DEFAULT.withConnectTimeout(Duration.ofSeconds(2)), -1);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop();
  }

  @Test
  void aSilentClientIsDroppedAfterOneAndAHalfKeepAlives() throws Exception {
    try (Socket socket = RawMqtt.connect(gateway.mqttPort(), "wonju-fr-020", 4, 1)) {
      socket.setSoTimeout(10_000);
      long started = System.nanoTime();
      assertThat(socket.getInputStream().read()).as("the gateway closes the socket").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not before the 1.5 x 1 s grace").isGreaterThanOrEqualTo(Duration.ofMillis(1_400));
    }
  }

  @Test
  void aClientThatPingsStaysConnected() throws Exception {
    try (Socket socket = RawMqtt.connect(gateway.mqttPort(), "wonju-fr-021", 4, 1)) {
      socket.setSoTimeout(2_000);
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 6; i++) {
        Thread.sleep(500);
        socket.getOutputStream().write(new byte[] {(byte) 0xC0, 0x00}); // PINGREQ
        assertThat(in.read()).as("PINGRESP %d", i).isEqualTo(0xD0);
        assertThat(in.read()).isZero();
      }
    }
  }

  @Test
  void aSocketThatNeverSendsConnectIsClosedAfterTheConnectTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", gateway.mqttPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(new byte[] {0x10, 0x30, 0x00, 0x04, 'M'}); // a CONNECT cut short
      assertThat(socket.getInputStream().read()).as("closed without CONNACK").isEqualTo(-1);
    }
  }

  @Test
  void aConnectDribbledOneByteAtATimeIsStillClosedAtTheConnectTimeout() throws Exception {
    byte[] connect = {0x10, 0x30, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00, 0x3C, 0x00, 0x04, 's', 'l', 'o', 'w'};
    try (Socket socket = new Socket("127.0.0.1", gateway.mqttPort())) {
      long started = System.nanoTime();
      int sent = 0;
      try {
        for (; sent < connect.length; sent++) { // one byte every 400 ms: each byte arrives well within any idle timeout
          socket.getOutputStream().write(connect[sent]);
          socket.getOutputStream().flush();
          Thread.sleep(400);
        }
      } catch (java.io.IOException closed) {
        // the gateway closed the socket while the CONNECT was still trickling in
      }
      socket.setSoTimeout(10_000);
      int answer = socket.isClosed() ? -1 : readOrEnd(socket);
      Duration open = Duration.ofNanos(System.nanoTime() - started);
      assertThat(answer).as("closed without CONNACK").isEqualTo(-1);
      assertThat(sent).as("bytes of the CONNECT sent before the gateway gave up").isLessThan(connect.length);
      assertThat(open).as("held no longer than the 2 s connect timeout and a little").isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aPublishCutShortAfterLoginIsDroppedAtTheKeepAliveNotHeldForever() throws Exception {
    try (Socket socket = RawMqtt.connect(gateway.mqttPort(), "wonju-fr-022", 4, 1)) {
      socket.getOutputStream().write(new byte[] {0x32, 0x64, 0x00, 0x05, 'c', 'i', 't'}); // announces 100 bytes, sends 5
      socket.setSoTimeout(10_000);
      long started = System.nanoTime();
      assertThat(readOrEnd(socket)).as("the gateway closes the socket").isEqualTo(-1);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  private static int readOrEnd(Socket socket) throws java.io.IOException {
    try {
      return socket.getInputStream().read();
    } catch (java.net.SocketException reset) {
      return -1;
    }
  }
}
