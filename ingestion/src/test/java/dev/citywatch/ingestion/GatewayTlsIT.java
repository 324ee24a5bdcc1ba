package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.ingestion.config.TlsSettings;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.wire.WireRecords;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.TestPki;
import dev.citywatch.testkit.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MQTT over TLS (passwords, and device certificates for mTLS) and over WebSocket, with Paho v5,
 * Paho v3 and {@code mosquitto_pub}, against a test CA made for this run.
 */
class GatewayTlsIT {
  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static final String LEVEL = "{\"schema\":1,\"kind\":\"river_gauge\",\"seq\":%d,\"time\":\"%s\","
      + "\"readings\":[{\"quantity\":\"level\",\"unit\":\"m\",\"value\":1.5}]}";

  private static Path dir;
  private static TestPki pki;
  private static TestGateway gw;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("citywatch-tls-");
    pki = TestPki.create(dir, "citywatch-test-ca");
    TestPki.Issued server = pki.server("gateway.test");
    gw = TestGateway.start(TestServers.kafka(), "gw-tls", "127.0.0.1", GatewayLimits.DEFAULT, -1, config -> config
        .withTls(new TlsSettings(0, server.certificate(), server.privateKey(), Optional.of(pki.caCertificate())))
        .withWebSocket(0));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.stop();
    dev.citywatch.testkit.Dirs.deleteTree(dir);
  }

  @Test
  void pahoV5OverTlsLogsInWithAPasswordAndIsAcked() throws Exception {
    String device = "wonju-aq-020";
    MqttConnectionOptions options = passwordOptions(device);
    options.setSocketFactory(pki.clientContext(null).getSocketFactory());
    publishOnce("ssl://127.0.0.1:" + gw.gateway().tlsPort(), options, device, aq(1));
    assertThat(sequencesOf(device)).containsExactly(1L);
  }

  @Test
  void pahoV3WithADeviceCertificateNeedsNoPassword() throws Exception {
    String device = "wonju-rv-001";
    SSLContext mtls = pki.clientContext(pki.client(device + "@wonju"));
    var client = new org.eclipse.paho.client.mqttv3.MqttClient("ssl://127.0.0.1:" + gw.gateway().tlsPort(), "mtls-" + device,
        new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    var options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setSocketFactory(mtls.getSocketFactory());
    client.connect(options);
    client.publish("citywatch/wonju/" + device + "/telemetry", LEVEL.formatted(7, Instant.now().minusSeconds(1)).getBytes(StandardCharsets.UTF_8), 1, false);
    client.disconnect();
    client.close();
    assertThat(sequencesOf(device)).containsExactly(7L);
  }

  @Test
  void aCertificateNamingTheDeviceInItsSubjectAlternativeNameAlsoWorks() throws Exception {
    String device = "wonju-rv-002";
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setSocketFactory(pki.clientContext(pki.client("field unit 2", device + "@wonju")).getSocketFactory());
    publishOnce("ssl://127.0.0.1:" + gw.gateway().tlsPort(), options, device, LEVEL.formatted(3, Instant.now().minusSeconds(1)));
    assertThat(sequencesOf(device)).containsExactly(3L);
  }

  @Test
  void aCertificateForOneDeviceCannotLogInAsAnother() throws Exception {
    MqttClient client = new MqttClient("ssl://127.0.0.1:" + gw.gateway().tlsPort(), "mtls-spoof", new MemoryPersistence());
    MqttConnectionOptions options = passwordOptions("wonju-rv-003");
    options.setSocketFactory(pki.clientContext(pki.client("wonju-rv-004@wonju")).getSocketFactory());
    assertThatThrownBy(() -> client.connect(options))
        .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));
    client.close();
  }

  @Test
  void aCertificateFromAnotherAuthorityFailsTheHandshake() throws Exception {
    TestPki rogue = TestPki.create(dir.resolve("rogue"), "rogue-ca");
    SSLContext context = pki.clientContext(rogue.client("wonju-rv-005@wonju"));
    MqttClient client = new MqttClient("ssl://127.0.0.1:" + gw.gateway().tlsPort(), "mtls-rogue", new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setSocketFactory(context.getSocketFactory());
    options.setConnectionTimeout(5);
    assertThatThrownBy(() -> client.connect(options)).isInstanceOf(MqttException.class);
    client.close();
  }

  @Test
  void mosquittoPubPublishesOverTlsWithADeviceCertificate() throws Exception {
    String device = "wonju-rg-002";
    TestPki.Issued cert = pki.client(device + "@wonju");
    // Rain gauges speak SenML (inventory).
    String payload = "[{\"bn\":\"" + device + ":\",\"seq\":11,\"bt\":" + (Instant.now().getEpochSecond() - 2)
        + ",\"n\":\"rainfall\",\"u\":\"mm\",\"v\":2.5}]";
    Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gw.gateway().tlsPort()), "-V", "mqttv5",
        "-q", "1", "-i", "tls-mosquitto", "--cafile", pki.caCertificate().toString(), "--cert", cert.certificate().toString(),
        "--key", cert.privateKey().toString(), "-t", "citywatch/wonju/" + device + "/telemetry", "-m", payload)
        .redirectErrorStream(true).start();
    assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    assertThat(sequencesOf(device)).containsExactly(11L);
  }

  @Test
  void onlyTls12AndNewerAreOffered() throws Exception {
    assertThat(handshake("-tls1_2")).as("TLS 1.2").contains("Protocol  : TLSv1.2");
    assertThat(handshake("-tls1_3")).as("TLS 1.3").contains("TLSv1.3");
    // The client offers TLS 1.1 (security level 0 allows it); the gateway answers with an alert.
    assertThat(handshake("-tls1_1")).as("TLS 1.1").contains("alert protocol version").doesNotContain("Protocol  : TLSv1.1");
  }

  @Test
  void mqttOverWebSocketWorksForBrowserTools() throws Exception {
    String device = "wonju-aq-021";
    publishOnce("ws://127.0.0.1:" + gw.gateway().websocketPort() + "/mqtt", passwordOptions(device), device, aq(4));
    assertThat(sequencesOf(device)).containsExactly(4L);
  }

  @Test
  void aWebSocketRequestForAnotherPathIsAnswered404AtOnceAndCounted() throws Exception {
    double before = gw.gateway().metrics().websocketRefusals();
    for (String request : new String[] {
        "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: mqtt\r\n\r\n",
        "GET /index.html?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"}) {
      long started = System.nanoTime();
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gw.gateway().websocketPort())) {
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to the close
        assertThat(answer).startsWith("HTTP/1.1 404 Not Found").contains("MQTT over WebSocket is served at /mqtt");
      }
      assertThat((System.nanoTime() - started) / 1_000_000).as("ms to the answer and the close").isLessThan(2_000);
    }
    assertThat(gw.gateway().metrics().websocketRefusals() - before).isEqualTo(2);
    assertThat(gw.gateway().metrics().unhandledErrors()).isZero();
  }

  /** What {@code openssl s_client} reports for a handshake restricted to one protocol version. */
  private static String handshake(String versionFlag) throws Exception {
    Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + gw.gateway().tlsPort(), versionFlag,
        "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", pki.caCertificate().toString(), "-brief")
        .redirectErrorStream(true).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out.replace("Protocol version", "Protocol  ");
  }

  /** Connects a Paho MQTT 5 client to {@code uri}, publishes one QoS 1 message (returns on PUBACK) and disconnects. */
  private static void publishOnce(String uri, MqttConnectionOptions options, String device, String payload) throws MqttException {
    MqttClient client = new MqttClient(uri, "tls-it-" + device, new MemoryPersistence());
    client.connect(options);
    client.publish("citywatch/wonju/" + device + "/telemetry", payload.getBytes(StandardCharsets.UTF_8), 1, false);
    client.disconnect();
    client.close();
  }

  private static MqttConnectionOptions passwordOptions(String device) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device + "@wonju");
    options.setPassword(new String(FLEET.password("wonju", device)).getBytes(StandardCharsets.UTF_8));
    return options;
  }

  private static String aq(int seq) {
    return "{\"schema\":1,\"kind\":\"air_quality\",\"seq\":" + seq + ",\"time\":\"" + Instant.now().minusSeconds(1)
        + "\",\"readings\":[{\"quantity\":\"pm10\",\"unit\":\"ug/m3\",\"value\":40}]}";
  }

  private static List<Long> sequencesOf(String device) {
    return KafkaTopics.readAll(gw.kafka(), gw.telemetry(), Duration.ofSeconds(1)).stream()
        .filter(r -> r.key().equals("wonju/" + device))
        .map(r -> WireRecords.parse(r.value(), TelemetryRecord.class).sequence())
        .toList();
  }
}
