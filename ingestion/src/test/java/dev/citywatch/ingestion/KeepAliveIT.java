package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.TestServers;
import io.vertx.core.Vertx;
import java.io.InputStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive (a client silent for 1.5 × its keep-alive is dropped; one that pings stays) and
 * clients that never finish CONNECT, driven with raw MQTT 3.1.1 frames over a plain socket.
 */
class KeepAliveIT {
  private static Vertx vertx;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    KafkaEndpoint kafka = TestServers.kafka();
    String topic = Names.unique("keepalive");
    KafkaTopics.create(kafka, 1, topic);
    vertx = Vertx.vertx();
    GatewayConfig config = new GatewayConfig("gw-keepalive", "127.0.0.1", 0,
        new GatewayConfig.KafkaSettings(kafka.bootstrapServers(), topic, topic, topic, Map.of()), DecodeLimits.DEFAULT,
        GatewayLimits.DEFAULT.withConnectTimeout(Duration.ofSeconds(2)), -1);
    gateway = Gateway.start(vertx, config, InventoryLoader.loadDefault(), Clock.systemUTC()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
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
}
