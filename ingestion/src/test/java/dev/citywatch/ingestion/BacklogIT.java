package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.testkit.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device back from an outage sends its whole queue at once, faster than its publish rate (20/s,
 * burst 100). It must be slowed down, not cut off: cut off, a stock client reconnects and resends
 * the same queue for good while Kafka fills with copies (found with paho-mqtt against the demo).
 */
class BacklogIT {
  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static final int BACKLOG = 200;
  private static final String READING = "{\"schema\":1,\"kind\":\"river_gauge\",\"seq\":%d,\"time\":\"%s\","
      + "\"readings\":[{\"quantity\":\"level\",\"unit\":\"m\",\"value\":1.25}]}";
  private static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    gw = TestGateway.start("gw-backlog", "127.0.0.1", GatewayLimits.DEFAULT, -1);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.stop();
  }

  @Test
  void anMqtt311DeviceSendingItsBacklogAtOnceIsSlowedDownAndEveryReadingIsAcknowledgedOnce() throws Exception {
    String device = "wonju-rv-010";
    var client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), "backlog-" + device,
        new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    AtomicInteger lost = new AtomicInteger();
    client.setCallback(new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {
        lost.incrementAndGet();
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setMaxInflight(BACKLOG); // the whole queue on the wire at once, as paho-mqtt and MQTT.js do
    options.setUserName(device + "@wonju");
    options.setPassword(FLEET.password("wonju", device));
    client.connect(options).waitForCompletion(10_000);

    long started = System.nanoTime();
    List<org.eclipse.paho.client.mqttv3.IMqttDeliveryToken> tokens = new ArrayList<>();
    for (int seq = 0; seq < BACKLOG; seq++) {
      tokens.add(client.publish(topic(device), payload(seq), 1, false));
    }
    for (var token : tokens) token.waitForCompletion(60_000);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(lost).as("connections lost while draining").hasValue(0);
    assertThat(seconds).as("100 at once, the next 100 at 20/s").isGreaterThan(4);
    client.disconnect().waitForCompletion(5_000);
    client.close();
    assertThat(recordsOf(device)).as("records in Kafka: each reading once").isEqualTo(BACKLOG);
  }

  @Test
  void anMqtt5DeviceDrainingItsBacklogThroughReceiveMaximumIsNeverDisconnected() throws Exception {
    String device = "wonju-rv-011";
    var disconnect = new java.util.concurrent.CompletableFuture<Integer>();
    var client = new org.eclipse.paho.mqttv5.client.MqttAsyncClient("tcp://127.0.0.1:" + gw.mqttPort(), "backlog-" + device,
        new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    client.setCallback(new DisconnectCapture(disconnect));
    var options = new org.eclipse.paho.mqttv5.client.MqttConnectionOptions();
    options.setCleanStart(false);
    options.setSessionExpiryInterval(3_600L);
    options.setUserName(device + "@wonju");
    options.setPassword(new String(FLEET.password("wonju", device)).getBytes(StandardCharsets.UTF_8));
    client.connect(options).waitForCompletion(10_000);

    List<org.eclipse.paho.mqttv5.client.IMqttToken> tokens = new ArrayList<>();
    for (int seq = 0; seq < BACKLOG; seq++) {
      while (true) {
        try {
          tokens.add(client.publish(topic(device), payload(seq), 1, false));
          break;
        } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
          // Paho keeps to the gateway's Receive Maximum (100): wait for a PUBACK, as a device's queue does.
          if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) throw e;
          Thread.sleep(5);
        }
      }
    }
    for (var token : tokens) token.waitForCompletion(60_000);

    assertThat(disconnect).as("DISCONNECT from the gateway while draining").isNotDone();
    assertThat(tokens).allSatisfy(t -> assertThat(t.getReasonCodes()).containsExactly(0));
    client.disconnect().waitForCompletion(5_000);
    client.close();
    assertThat(recordsOf(device)).as("records in Kafka: each reading once").isEqualTo(BACKLOG);
    assertThat(gw.gateway().metrics().throttledPublishes()).as("messages held back for the rate").isPositive();
  }

  private static String topic(String device) {
    return "citywatch/wonju/" + device + "/telemetry";
  }

  private static byte[] payload(int seq) {
    Instant time = Instant.now().minusSeconds(60).plusMillis(seq * 300L);
    return READING.formatted(seq, time).getBytes(StandardCharsets.UTF_8);
  }

  private static long recordsOf(String device) {
    return KafkaTopics.readAll(gw.kafka(), gw.telemetry(), Duration.ofSeconds(2)).stream()
        .filter(r -> r.key().equals("wonju/" + device)).count();
  }
}
