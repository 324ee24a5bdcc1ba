package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.wire.WireRecords;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every refusal the gateway makes, seen from real MQTT clients, with the exact MQTT 5 reason code
 * and 3.1.1 behaviour, and with nothing refused reaching the telemetry topic.
 */
class GatewayRefusalsIT {
  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static final String VALID_LEVEL = "{\"schema\":1,\"kind\":\"river_gauge\",\"seq\":%d,\"time\":\"%s\","
      + "\"readings\":[{\"quantity\":\"level\",\"unit\":\"m\",\"value\":1.25}]}";

  private static TestGateway gw;
  private static KafkaEndpoint kafka;
  private static String telemetry;
  private static String dlq;
  private static String status;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gw = TestGateway.start("gw-refusals", "127.0.0.1", GatewayLimits.DEFAULT, -1);
    gateway = gw.gateway();
    kafka = gw.kafka();
    telemetry = gw.telemetry();
    dlq = gw.dlq();
    status = gw.status();
  }

  @AfterAll
  static void stop() throws Exception {
    gw.stop();
  }

  private static MqttAsyncClient v5(String device, MqttCallback callback) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(), "refusals-" + device + "-" + System.nanoTime(),
        new MemoryPersistence());
    if (callback != null) client.setCallback(callback);
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device + "@wonju");
    options.setPassword(new String(FLEET.password("wonju", device)).getBytes(StandardCharsets.UTF_8));
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private static org.eclipse.paho.client.mqttv3.MqttAsyncClient v3(String device) throws Exception {
    var client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(),
        "refusals-v3-" + device + "-" + System.nanoTime(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(device + "@wonju");
    options.setPassword(FLEET.password("wonju", device));
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private static int pubackCode(MqttAsyncClient client, String topic, String payload) throws MqttException {
    IMqttToken token = client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    try {
      token.waitForCompletion(10_000);
    } catch (MqttException e) {
      // Paho reports a PUBACK reason code >= 0x80 as a failed token; the code is what matters here.
    }
    assertThat(token.getReasonCodes()).as("PUBACK received").isNotNull();
    return token.getReasonCodes()[0];
  }

  @Test
  void refusalsGetTheirMqtt5ReasonCodesAndNothingRefusedReachesTelemetry() throws Exception {
    MqttAsyncClient client = v5("wonju-rv-004", null);
    String own = "citywatch/wonju/wonju-rv-004/telemetry";
    Instant now = Instant.now().minusSeconds(1);

    assertThat(pubackCode(client, "citywatch/wonju/wonju-rv-005/telemetry", VALID_LEVEL.formatted(1, now)))
        .as("another device's topic").isEqualTo(0x87);
    assertThat(pubackCode(client, "citywatch/hoengseong/wonju-rv-004/telemetry", VALID_LEVEL.formatted(2, now)))
        .as("another tenant's topic").isEqualTo(0x87);
    assertThat(pubackCode(client, "some/other/topic", VALID_LEVEL.formatted(3, now))).as("not a device topic").isEqualTo(0x87);
    IMqttToken wrongUnit = client.publish(own, VALID_LEVEL.formatted(4, now).replace("\"m\"", "\"cm\"").getBytes(StandardCharsets.UTF_8), 1, false);
    try {
      wrongUnit.waitForCompletion(10_000);
    } catch (MqttException e) {
      // a PUBACK >= 0x80
    }
    assertThat(wrongUnit.getReasonCodes()).as("wrong unit").containsExactly(0x99);
    assertThat(wrongUnit.getResponseProperties().getReasonString()).as("the reason string names the reject reason code and the field")
        .startsWith("unit_mismatch: readings[0].unit: ");
    assertThat(pubackCode(client, own, "{not json")).as("malformed").isEqualTo(0x99);
    assertThat(pubackCode(client, own, VALID_LEVEL.formatted(5, now))).as("a valid message").isZero();
    client.disconnect().waitForCompletion(5_000);
    client.close();

    List<ConsumerRecord<String, byte[]>> accepted = KafkaTopics.readAll(kafka, telemetry, Duration.ofSeconds(2));
    assertThat(accepted).filteredOn(r -> r.key().equals("wonju/wonju-rv-004")).singleElement().satisfies(r -> {
      TelemetryRecord record = WireRecords.parse(r.value(), TelemetryRecord.class);
      assertThat(record.sequence()).isEqualTo(5);
      assertThat(record.gatewayId()).isEqualTo("gw-refusals");
    });
    List<DeadLetter> dead = KafkaTopics.readAll(kafka, dlq, Duration.ofSeconds(1)).stream()
        .filter(r -> r.key().equals("wonju/wonju-rv-004")).map(r -> WireRecords.parse(r.value(), DeadLetter.class)).toList();
    assertThat(dead).extracting(DeadLetter::reason).containsExactly("unit_mismatch", "malformed_json");
    assertThat(dead.get(0).field()).isEqualTo("readings[0].unit");
    assertThat(new String(dead.get(1).payload(), StandardCharsets.UTF_8)).isEqualTo("{not json");
  }

  @Test
  void mqtt311GetsAPubackForAnInvalidPayloadButNoneForAForeignTopic() throws Exception {
    var client = v3("wonju-rv-006");
    Instant now = Instant.now().minusSeconds(1);
    client.publish("citywatch/wonju/wonju-rv-006/telemetry", "[1,2]".getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
    var foreign = client.publish("citywatch/wonju/wonju-rv-007/telemetry", VALID_LEVEL.formatted(1, now).getBytes(StandardCharsets.UTF_8), 1, false);
    assertThatThrownBy(() -> foreign.waitForCompletion(2_000)).as("no PUBACK for a foreign topic")
        .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class);
    client.disconnectForcibly(0, 1_000); // no quiesce: the foreign-topic message will never be acked
    client.close(true);
    assertThat(KafkaTopics.readAll(kafka, dlq, Duration.ofSeconds(1))).filteredOn(r -> r.key().equals("wonju/wonju-rv-006"))
        .singleElement().satisfies(r -> assertThat(WireRecords.parse(r.value(), DeadLetter.class).reason()).isEqualTo("wrong_type"));
    assertThat(KafkaTopics.readAll(kafka, telemetry, Duration.ofSeconds(1))).noneMatch(r -> r.key().equals("wonju/wonju-rv-006"));
  }

  @Test
  void qos2IsRefusedWithDisconnect0x9BOnMqtt5AndAClosedConnectionOn311() throws Exception {
    // Paho will not send QoS 2 to a server whose CONNACK says Maximum QoS 1, so a raw client does.
    try (java.net.Socket socket = RawMqtt.connect(gateway.mqttPort(), "wonju-rv-008", 5, 30)) {
      RawMqtt.publish(socket, 5, "citywatch/wonju/wonju-rv-008/telemetry", 2,
          VALID_LEVEL.formatted(1, Instant.now()).getBytes(StandardCharsets.UTF_8));
      var in = new java.io.DataInputStream(socket.getInputStream());
      assertThat(in.readUnsignedByte()).as("DISCONNECT").isEqualTo(0xE0);
      assertThat(RawMqtt.readLength(in)).isGreaterThanOrEqualTo(1);
      assertThat(in.readUnsignedByte()).as("reason code").isEqualTo(0x9B);
    }

    var v3 = v3("wonju-rv-009");
    CompletableFuture<Throwable> lost = new CompletableFuture<>();
    v3.setCallback(lostCallback(lost));
    v3.publish("citywatch/wonju/wonju-rv-009/telemetry", VALID_LEVEL.formatted(1, Instant.now()).getBytes(StandardCharsets.UTF_8), 2, false);
    assertThat(lost.get(10, TimeUnit.SECONDS)).isNotNull();
    v3.close(true);
    assertThat(KafkaTopics.readAll(kafka, telemetry, Duration.ofSeconds(1)))
        .noneMatch(r -> r.key().equals("wonju/wonju-rv-008") || r.key().equals("wonju/wonju-rv-009"));
  }

  @Test
  void devicesCannotSubscribe() throws Exception {
    MqttAsyncClient client = v5("wonju-rv-010", null);
    // Not a wildcard: the CONNACK said wildcards are not available, and Paho holds to that itself.
    IMqttToken token = client.subscribe("citywatch/wonju/wonju-rv-010/telemetry", 1);
    try {
      token.waitForCompletion(10_000);
    } catch (MqttException e) {
      // a refused subscription fails the token; the reason code tells why
    }
    assertThat(token.getReasonCodes()).containsExactly(0x87);
    client.disconnect().waitForCompletion(5_000);
    client.close();
  }

  @Test
  void connectAndDisconnectAreAnnouncedOnTheStatusTopic() throws Exception {
    MqttAsyncClient client = v5("wonju-rv-011", null);
    client.publish("citywatch/wonju/wonju-rv-011/status", "{\"state\":\"fault\",\"reason\":\"float stuck\"}".getBytes(StandardCharsets.UTF_8), 1, false)
        .waitForCompletion(10_000);
    client.disconnect().waitForCompletion(5_000);
    client.close();
    Thread.sleep(500);
    List<DeviceStatus> events = KafkaTopics.readAll(kafka, status, Duration.ofSeconds(1)).stream()
        .filter(r -> r.key().equals("wonju/wonju-rv-011")).map(r -> WireRecords.parse(r.value(), DeviceStatus.class)).toList();
    assertThat(events).extracting(DeviceStatus::state, DeviceStatus::source).containsExactly(
        org.assertj.core.groups.Tuple.tuple(DeviceStatus.State.ONLINE, DeviceStatus.Source.GATEWAY),
        org.assertj.core.groups.Tuple.tuple(DeviceStatus.State.FAULT, DeviceStatus.Source.DEVICE),
        org.assertj.core.groups.Tuple.tuple(DeviceStatus.State.OFFLINE, DeviceStatus.Source.GATEWAY));
    assertThat(events.get(1).reason()).isEqualTo("float stuck");
  }

  @Test
  void aTopicLongerThanTheLimitGets0x90AndNeverReachesKafka() throws Exception {
    MqttAsyncClient client = v5("wonju-rv-012", null);
    String longTopic = "citywatch/wonju/wonju-rv-012/telemetry/" + "x".repeat(300);
    assertThat(pubackCode(client, longTopic, VALID_LEVEL.formatted(1, Instant.now().minusSeconds(1)))).isEqualTo(0x90);
    client.disconnect().waitForCompletion(5_000);
    client.close();
    assertThat(KafkaTopics.readAll(kafka, telemetry, Duration.ofSeconds(1))).noneMatch(r -> r.key().equals("wonju/wonju-rv-012"));
  }

  @Test
  void repeatedPublishesToForeignTopicsCloseTheConnectionWith0x87OnMqtt5AndSilentlyOn311() throws Exception {
    CompletableFuture<Integer> disconnect = new CompletableFuture<>();
    MqttAsyncClient v5 = v5("wonju-rv-013", new DisconnectCapture(disconnect));
    for (int i = 0; i < GatewayLimits.DEFAULT.maxRefusedPublishes(); i++) {
      v5.publish("citywatch/wonju/wonju-rv-014/telemetry", "{}".getBytes(StandardCharsets.UTF_8), 0, false);
    }
    assertThat(disconnect.get(10, TimeUnit.SECONDS)).as("DISCONNECT reason").isEqualTo(0x87);
    v5.close(true);

    var v3 = v3("wonju-rv-015");
    CompletableFuture<Throwable> lost = new CompletableFuture<>();
    v3.setCallback(lostCallback(lost));
    for (int i = 0; i < GatewayLimits.DEFAULT.maxRefusedPublishes(); i++) {
      v3.publish("citywatch/wonju/wonju-rv-016/telemetry", "{}".getBytes(StandardCharsets.UTF_8), 0, false);
    }
    assertThat(lost.get(10, TimeUnit.SECONDS)).isNotNull();
    v3.close(true);
    assertThat(KafkaTopics.readAll(kafka, telemetry, Duration.ofSeconds(1)))
        .noneMatch(r -> r.key().equals("wonju/wonju-rv-014") || r.key().equals("wonju/wonju-rv-016"));
  }

  @Test
  void aPacketLargerThanTheMaximumPacketSizeGetsDisconnect0x95() throws Exception {
    try (java.net.Socket socket = RawMqtt.connect(gateway.mqttPort(), "wonju-aq-017", 5, 30)) {
      // The fixed and variable headers of a QoS 1 PUBLISH announcing 200,000 bytes, without the
      // payload: the gateway refuses it from the announced length (writing the whole frame would
      // race the gateway closing the socket).
      byte[] topic = "citywatch/wonju/wonju-aq-017/telemetry".getBytes(StandardCharsets.UTF_8);
      int length = 200_000;
      java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
      head.writeBytes(new byte[] {0x32, (byte) (0x80 | (length & 0x7F)), (byte) (0x80 | ((length >> 7) & 0x7F)), (byte) (length >> 14)});
      head.writeBytes(new byte[] {(byte) (topic.length >> 8), (byte) topic.length});
      head.writeBytes(topic);
      head.writeBytes(new byte[] {0, 1, 0}); // packet id 1, no properties
      socket.getOutputStream().write(head.toByteArray());
      var in = new java.io.DataInputStream(socket.getInputStream());
      assertThat(in.readUnsignedByte()).as("DISCONNECT").isEqualTo(0xE0);
      assertThat(RawMqtt.readLength(in)).isGreaterThanOrEqualTo(1);
      assertThat(in.readUnsignedByte()).as("reason code").isEqualTo(0x95);
    }
    assertThat(KafkaTopics.readAll(kafka, telemetry, Duration.ofSeconds(1))).noneMatch(r -> r.key().equals("wonju/wonju-aq-017"));
  }

  @Test
  void mosquittoSubIsRefusedItsSubscription() throws Exception {
    String device = "wonju-aq-018";
    Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(gateway.mqttPort()), "-V", "mqttv5",
        "-i", "refusals-sub", "-u", device + "@wonju", "-P", new String(FLEET.password("wonju", device)),
        "-t", "citywatch/wonju/" + device + "/telemetry", "-C", "1", "-W", "10")
        .redirectErrorStream(true).start();
    assertThat(sub.waitFor(20, TimeUnit.SECONDS)).isTrue();
    // mosquitto_sub ends at once (rather than waiting for messages) and says why.
    assertThat(new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("All subscription requests were denied");
  }

  private static org.eclipse.paho.client.mqttv3.MqttCallback lostCallback(CompletableFuture<Throwable> lost) {
    return new org.eclipse.paho.client.mqttv3.MqttCallback() {
      public void connectionLost(Throwable cause) {
        lost.complete(cause);
      }

      public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {}

      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
    };
  }
}
