package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.model.wire.WireRecords;
import dev.citywatch.testkit.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT.js 5 (npm), a client CityWatch's own code does not use, beside Paho and mosquitto: connect,
 * publish over MQTT 3.1.1 and 5, a refused payload, and a device back from an outage that sends
 * its whole queue at once. {@code ./citywatch test} installs it ({@code npm ci} in src/test/node).
 */
class MqttJsInteropIT {
  private static final Path CLIENT = Path.of("src", "test", "node").toAbsolutePath();
  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isDirectory(CLIENT.resolve("node_modules/mqtt"))) {
      throw new IllegalStateException("MQTT.js is not installed in " + CLIENT + ": ./citywatch test installs it "
          + "(or: npm ci --prefix " + CLIENT + ")");
    }
    gw = TestGateway.start("gw-mqttjs", "127.0.0.1", GatewayLimits.DEFAULT, -1);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.stop();
  }

  @ParameterizedTest(name = "MQTT protocol level {0}")
  @ValueSource(ints = {4, 5})
  void aReadingIsAcknowledgedAndReachesKafka(int version) throws Exception {
    String device = version == 4 ? "wonju-aq-022" : "wonju-aq-023";
    JsonNode r = run(device, version, List.of(airQuality(device, 1, Instant.now().minusSeconds(1))), false);
    assertThat(r.path("acked").asInt()).as("%s", r).isEqualTo(1);
    assertThat(r.path("disconnects")).isEmpty();
    assertThat(records(gw.telemetry(), device)).isEqualTo(1);
  }

  @ParameterizedTest(name = "MQTT protocol level {0}")
  @ValueSource(ints = {4, 5})
  void aRefusedPayloadIsAnsweredAsDocumentedAndKeptInTheDeadLetterTopic(int version) throws Exception {
    String device = version == 4 ? "wonju-aq-024" : "wonju-aq-025";
    String wrongUnit = airQuality(device, 1, Instant.now().minusSeconds(1)).replace("ug/m3", "mg/m3");
    JsonNode r = run(device, version, List.of(wrongUnit), false);
    if (version == 5) {
      assertThat(r.path("refused")).as("%s", r).singleElement().satisfies(refusal -> {
        assertThat(refusal.path("code").asInt()).isEqualTo(0x99);
        assertThat(refusal.path("message").asText()).startsWith("unit_mismatch: readings[0].unit: ");
      });
    } else {
      assertThat(r.path("acked").asInt()).as("3.1.1 has no negative PUBACK: acked, kept in the DLQ; %s", r).isEqualTo(1);
    }
    assertThat(records(gw.telemetry(), device)).isZero();
    List<DeadLetter> dead = KafkaTopics.readAll(gw.kafka(), gw.dlq(), Duration.ofSeconds(1)).stream()
        .filter(x -> x.key().equals("wonju/" + device)).map(x -> WireRecords.parse(x.value(), DeadLetter.class)).toList();
    assertThat(dead).extracting(DeadLetter::reason).containsExactly("unit_mismatch");
  }

  @ParameterizedTest(name = "MQTT protocol level {0}")
  @ValueSource(ints = {4, 5})
  void aDeviceSendingItsQueueOfTwoHundredAtOnceIsSlowedNotCutOffAndEveryReadingIsStoredOnce(int version) throws Exception {
    String device = version == 4 ? "wonju-aq-026" : "wonju-aq-027";
    Instant start = Instant.now().minusSeconds(60);
    List<String> queue = new ArrayList<>();
    for (int seq = 0; seq < 200; seq++) queue.add(airQuality(device, seq, start.plusMillis(300L * seq)));
    JsonNode r = run(device, version, queue, true);
    assertThat(r.path("acked").asInt()).as("%s", r).isEqualTo(200);
    assertThat(r.path("connects").asInt()).as("no reconnect loop").isEqualTo(1);
    assertThat(r.path("disconnects")).as("DISCONNECTs from the gateway").isEmpty();
    assertThat(records(gw.telemetry(), device)).as("records in Kafka: each reading once").isEqualTo(200);
  }

  private static JsonNode run(String device, int version, List<String> payloads, boolean backlog) throws Exception {
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("url", "mqtt://127.0.0.1:" + gw.mqttPort());
    options.put("username", device + "@wonju");
    options.put("password", new String(FLEET.password("wonju", device)));
    options.put("clientId", "mqttjs-" + device);
    options.put("protocolVersion", version);
    options.put("topic", "citywatch/wonju/" + device + "/telemetry");
    options.put("payloads", payloads);
    options.put("backlog", backlog);
    options.put("timeoutMs", 60_000);
    Process node = new ProcessBuilder("node", "mqttjs-device.mjs", new String(WireJson.write(options), StandardCharsets.UTF_8))
        .directory(CLIENT.toFile()).redirectErrorStream(true).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor(90, TimeUnit.SECONDS)).isTrue();
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    assertThat(node.exitValue()).as("MQTT.js said:%n%s", out).isZero();
    return WireJson.mapper().readTree(last);
  }

  private static String airQuality(String device, int seq, Instant time) {
    return "{\"schema\":1,\"kind\":\"air_quality\",\"seq\":" + seq + ",\"time\":\"" + time
        + "\",\"readings\":[{\"quantity\":\"pm10\",\"unit\":\"ug/m3\",\"value\":" + (20 + seq % 7) + "}]}";
  }

  private static long records(String topic, String device) {
    return KafkaTopics.readAll(gw.kafka(), topic, Duration.ofSeconds(2)).stream().filter(x -> x.key().equals("wonju/" + device)).count();
  }
}
