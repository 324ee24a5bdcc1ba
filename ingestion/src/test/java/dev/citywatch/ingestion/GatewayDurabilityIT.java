package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.wire.WireRecords;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaProcess;
import dev.citywatch.testkit.KafkaTopics;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a PUBACK promises, tested against a Kafka broker in a process of its own that is really
 * stopped, frozen and restarted: no PUBACK while Kafka cannot take the record, bounded memory while
 * it stalls, and in-flight messages answered before a graceful shutdown closes connections.
 */
class GatewayDurabilityIT {
  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static final int WINDOW = 20;
  private static KafkaProcess broker;
  private static KafkaEndpoint kafka;
  private static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    broker = KafkaProcess.start();
    kafka = new KafkaEndpoint(broker.bootstrapServers(), "process");
    // Rates high enough for a flood; a small in-flight window so the bound is easy to see.
    GatewayLimits limits = new GatewayLimits(1e6, 1_000_000, 10, 5, Duration.ofMinutes(1)).withReceiveMaximum(WINDOW);
    gw = TestGateway.start(kafka, "gw-durable", "127.0.0.1", limits, -1, UnaryOperator.identity());
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) gw.stop();
    if (broker != null) broker.close();
  }

  @Test
  void noPubackWhileKafkaIsDownAndTheDevicesRetryIsAckedOnceItIsBack() throws Exception {
    String device = "wonju-rv-012";
    MqttAsyncClient client = new MqttAsyncClient(uri(), "durable-" + device, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false); // Paho keeps unacknowledged messages and resends them on reconnect
    options.setUserName(device + "@wonju");
    options.setPassword(FLEET.password("wonju", device));
    options.setAutomaticReconnect(false);
    client.connect(options).waitForCompletion(10_000);
    client.publish(topic(device), level(1), 1, false).waitForCompletion(10_000);

    broker.stop();
    IMqttDeliveryToken pending = client.publish(topic(device), level(2), 1, false);
    assertThatThrownBy(() -> pending.waitForCompletion(5_000)).as("no PUBACK while Kafka is down")
        .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(MqttException.REASON_CODE_CLIENT_TIMEOUT));
    assertThat(pending.isComplete()).isFalse();

    // The device gives up on the connection and comes back once Kafka is back; Paho resends seq 2.
    client.disconnectForcibly(0, 1_000);
    broker.restart();
    client.connect(options).waitForCompletion(10_000);
    pending.waitForCompletion(30_000);
    assertThat(pending.isComplete()).isTrue();
    client.disconnect().waitForCompletion(5_000);
    client.close();

    List<Long> sequences = KafkaTopics.readAll(kafka, gw.telemetry(), Duration.ofSeconds(2)).stream()
        .filter(r -> r.key().equals("wonju/" + device))
        .map(r -> WireRecords.parse(r.value(), TelemetryRecord.class).sequence()).toList();
    // At least once: seq 2 is in Kafka. If the gateway's producer delivered its own buffered copy
    // after the broker came back, the device's resend adds a second copy with the same sequence
    // number (the stream jobs drop it); the idempotent producer adds none of its own.
    assertThat(sequences).startsWith(1L).contains(2L).hasSizeBetween(2, 3).containsOnly(1L, 2L);
  }

  @Test
  void aFloodWhileKafkaIsFrozenIsHeldAtTheInflightWindowAndThenDeliveredInFull() throws Exception {
    String device = "wonju-rv-013";
    int total = 100_000;
    Instant base = Instant.now().minus(Duration.ofDays(1));
    AtomicInteger written = new AtomicInteger();
    AtomicInteger acked = new AtomicInteger();
    double pausedBefore = gw.gateway().metrics().pausedReads();
    try (Socket socket = RawMqtt.connect(gw.mqttPort(), device, 4, 0)) {
      broker.freeze();
      int maxInflight;
      CompletableFuture<Void> writer;
      try {
        writer = CompletableFuture.runAsync(() -> {
          try {
            for (int i = 0; i < total; i++) {
              byte[] payload = ("{\"schema\":1,\"kind\":\"river_gauge\",\"seq\":" + i + ",\"time\":\"" + base.plusMillis(i)
                  + "\",\"readings\":[{\"quantity\":\"level\",\"unit\":\"m\",\"value\":1.25}]}").getBytes(StandardCharsets.UTF_8);
              RawMqtt.publish(socket, 4, topic(device), 1, payload, 1 + i % 65_535);
              written.incrementAndGet();
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
        maxInflight = 0;
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
          maxInflight = Math.max(maxInflight, gw.gateway().metrics().inflight());
          Thread.sleep(20);
        }
        assertThat(written.get()).as("the gateway stopped reading, so the flood cannot all be written").isLessThan(total);
      } finally {
        broker.thaw();
      }
      assertThat(maxInflight).as("messages in flight while Kafka stalls").isPositive().isLessThanOrEqualTo(WINDOW);
      assertThat(gw.gateway().metrics().pausedReads()).isGreaterThan(pausedBefore);

      // Read the PUBACKs as they come; once Kafka is back every message gets one.
      DataInputStream in = new DataInputStream(socket.getInputStream());
      socket.setSoTimeout(60_000);
      while (acked.get() < total) {
        assertThat(in.readUnsignedByte()).as("PUBACK").isEqualTo(0x40);
        in.readFully(new byte[RawMqtt.readLength(in)]);
        acked.incrementAndGet();
      }
      writer.get(60, TimeUnit.SECONDS);
    }
    long stored = KafkaTopics.readAll(kafka, gw.telemetry(), Duration.ofSeconds(2)).stream()
        .filter(r -> r.key().equals("wonju/" + device)).count();
    assertThat(stored).isEqualTo(total);
  }

  @Test
  void gracefulShutdownAnswersWhatIsInFlightBeforeClosingWith0x8B() throws Exception {
    TestGateway second = TestGateway.start(kafka, "gw-drain", "127.0.0.1", GatewayLimits.DEFAULT, -1,
        config -> config.withDrainTimeout(Duration.ofSeconds(30)));
    String device = "wonju-rv-014";
    CompletableFuture<Integer> disconnect = new CompletableFuture<>();
    var client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient("tcp://127.0.0.1:" + second.mqttPort(), "drain-" + device,
        new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    client.setCallback(new DisconnectCapture(disconnect));
    var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
    options.setUserName(device + "@wonju");
    options.setPassword(new String(FLEET.password("wonju", device)).getBytes(StandardCharsets.UTF_8));
    client.connect(options).waitForCompletion(10_000);

    broker.freeze();
    IMqttToken token;
    CompletableFuture<Void> stopped;
    try {
      token = client.publish(topic(device), level(1), 1, false);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (second.gateway().metrics().inflight() == 0 && System.nanoTime() < deadline) Thread.sleep(10);
      assertThat(second.gateway().metrics().inflight()).isEqualTo(1);
      stopped = second.gateway().stop().toCompletionStage().toCompletableFuture();
      Thread.sleep(1_000);
      assertThat(stopped).as("the gateway waits for the message in flight").isNotDone();
      assertThat(disconnect).isNotDone();
    } finally {
      broker.thaw();
    }
    token.waitForCompletion(20_000);
    assertThat(token.getReasonCodes()).containsExactly(0);
    assertThat(disconnect.get(20, TimeUnit.SECONDS)).as("DISCONNECT reason").isEqualTo(0x8B);
    stopped.get(30, TimeUnit.SECONDS);
    client.close(true);
    second.vertx().close().await(10, TimeUnit.SECONDS);
    assertThat(KafkaTopics.readAll(kafka, second.telemetry(), Duration.ofSeconds(1))).hasSize(1);
  }

  private static String uri() {
    return "tcp://127.0.0.1:" + gw.mqttPort();
  }

  private static String topic(String device) {
    return "citywatch/wonju/" + device + "/telemetry";
  }

  private static byte[] level(int seq) {
    return ("{\"schema\":1,\"kind\":\"river_gauge\",\"seq\":" + seq + ",\"time\":\"" + Instant.now().minusSeconds(1)
        + "\",\"readings\":[{\"quantity\":\"level\",\"unit\":\"m\",\"value\":1.25}]}").getBytes(StandardCharsets.UTF_8);
  }
}
