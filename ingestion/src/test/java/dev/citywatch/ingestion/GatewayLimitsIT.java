package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.testkit.KafkaTopics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Brute-force throttling, the per-device publish rate (DISCONNECT 0x96 for sustained abuse) and client-id takeover. */
class GatewayLimitsIT {
  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static TestGateway limited;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    // Listen on every loopback address, so clients can come from several of 127.0.0.0/8.
    limited = TestGateway.start("gw-limits", "0.0.0.0",
        new GatewayLimits(5, 10, 10, 5, Duration.ofMinutes(1)).withRateAbuseAfter(Duration.ofSeconds(3)), -1);
    gateway = limited.gateway();
  }

  @AfterAll
  static void stop() throws Exception {
    limited.stop();
  }

  /** Connects from {@code localAddress}; returns the CONNACK reason code (0 on success). */
  private static int connect(String localAddress, String device, String password, Map<String, MqttAsyncClient> keep) throws Exception {
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + gateway.mqttPort(), "limits-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device + "@wonju");
    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
    options.setSocketFactory(boundTo(localAddress));
    options.setConnectionTimeout(10);
    try {
      client.connect(options).waitForCompletion(15_000);
      if (keep != null) keep.put(device, client);
      else client.disconnect().waitForCompletion(5_000);
      return 0;
    } catch (MqttException e) {
      client.close(true);
      return e.getReasonCode();
    }
  }

  @Test
  void authenticationIsAlwaysOnAnAnonymousClientOrOneWithOnlyAUserNameIsRefused() throws Exception {
    // CONNECT flags: clean session only (anonymous); then user name without password.
    for (int flags : new int[] {0x02, 0x82}) {
      for (int version : new int[] {4, 5}) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.mqttPort(), java.net.InetAddress.getByName("127.0.0.7"), 0)) {
          socket.setSoTimeout(10_000);
          java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
          body.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', (byte) version, (byte) flags, 0, 30});
          if (version == 5) body.write(0);
          body.writeBytes(new byte[] {0, 4, 'a', 'n', 'o', 'n'});
          if ((flags & 0x80) != 0) body.writeBytes(new byte[] {0, 18, 'w', 'o', 'n', 'j', 'u', '-', 'r', 'v', '-', '0', '0', '1', '@', 'w', 'o', 'n', 'j', 'u'});
          RawMqtt.send(socket, 0x10, body.toByteArray());
          java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
          assertThat(in.readUnsignedByte()).as("CONNACK").isEqualTo(0x20);
          byte[] connack = new byte[RawMqtt.readLength(in)];
          in.readFully(connack);
          assertThat(connack[1] & 0xFF).as("MQTT %d, flags %x: refused as bad user name or password", version, flags)
              .isEqualTo(version == 5 ? 0x86 : 4);
        }
      }
    }
  }

  @Test
  void hundredWrongPasswordsFromOneAddressAreThrottledWhileAnotherAddressGetsIn() throws Exception {
    Map<Integer, Integer> answers = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      // 127.0.0.5 and .6, so that the block does not touch the other tests' clients on 127.0.0.1.
      answers.merge(connect("127.0.0.5", "wonju-fr-010", "guess-" + i, null), 1, Integer::sum);
    }
    assertThat(answers).containsOnlyKeys(0x86, 0x9F);
    assertThat(answers.get(0x86)).as("passwords actually checked").isEqualTo(10);
    assertThat(answers.get(0x9F)).as("refused as throttled").isEqualTo(90);

    assertThat(connect("127.0.0.6", "wonju-fr-010", new String(FLEET.password("wonju", "wonju-fr-010")), null))
        .as("the real device from its own address").isZero();
  }

  @Test
  void aDeviceOverItsRateWithoutABreakIsSlowedThenDisconnectedWith0x96AfterEveryRecordInKafkaWasAcked() throws Exception {
    CompletableFuture<Integer> disconnect = new CompletableFuture<>();
    Map<String, MqttAsyncClient> clients = new HashMap<>();
    assertThat(connect("127.0.0.1", "wonju-rg-005", new String(FLEET.password("wonju", "wonju-rg-005")), clients)).isZero();
    MqttAsyncClient client = clients.get("wonju-rg-005");
    client.setCallback(new DisconnectCapture(disconnect));
    Instant t = Instant.now().minusSeconds(100);
    List<IMqttToken> tokens = new ArrayList<>();
    long started = System.nanoTime();
    // As fast as the in-flight window lets it, for good: 5/s with a burst of 10 is allowed, 3 s over it is abuse.
    for (int i = 0; !disconnect.isDone() && i < 1_000; i++) {
      String json = "[{\"bn\":\"wonju-rg-005:\",\"seq\":" + i + ",\"bt\":" + (t.getEpochSecond() + i) + ",\"n\":\"rainfall\",\"u\":\"mm\",\"v\":0.5}]";
      try {
        tokens.add(client.publish("citywatch/wonju/wonju-rg-005/telemetry", json.getBytes(StandardCharsets.UTF_8), 1, false));
      } catch (MqttException e) {
        Thread.sleep(5); // Receive Maximum reached, or the connection is going
        i--;
      }
    }
    assertThat(disconnect.get(20, TimeUnit.SECONDS)).isEqualTo(0x96);
    double seconds = (System.nanoTime() - started) / 1e9;
    long acked = tokens.stream().filter(tk -> tk.isComplete() && tk.getException() == null).count();
    assertThat(seconds).as("slowed down first, disconnected only after 3 s over the rate").isGreaterThan(3);
    assertThat(acked).as("the burst of 10, then 5/s for about 3 s").isBetween(20L, 40L);
    long inKafka = KafkaTopics.readAll(limited.kafka(), limited.telemetry(), Duration.ofSeconds(2)).stream()
        .filter(r -> r.key().equals("wonju/wonju-rg-005")).count();
    assertThat(inKafka).as("every record Kafka took was PUBACKed before the DISCONNECT").isEqualTo(acked);
    client.close(true);
  }

  @Test
  void theSameDeviceTakesOverItsOwnClientIdAndTheOldConnectionHearsWhy0x8E() throws Exception {
    CompletableFuture<Integer> firstClosed = new CompletableFuture<>();
    MqttConnectionOptions options = options("wonju", "wonju-fr-011");
    String uri = "tcp://127.0.0.1:" + gateway.mqttPort();
    MqttAsyncClient first = new MqttAsyncClient(uri, "fire-panel-11", new MemoryPersistence());
    first.setCallback(new DisconnectCapture(firstClosed));
    first.connect(options).waitForCompletion(10_000);
    MqttAsyncClient second = new MqttAsyncClient(uri, "fire-panel-11", new MemoryPersistence());
    second.connect(options).waitForCompletion(10_000);
    assertThat(firstClosed.get(10, TimeUnit.SECONDS)).as("DISCONNECT: session taken over").isEqualTo(0x8E);
    assertThat(first.isConnected()).isFalse();
    assertThat(second.isConnected()).isTrue();
    second.disconnect().waitForCompletion(5_000);
    second.close();
    first.close(true);
  }

  @Test
  void aDeviceOfAnotherTenantUsingTheSameClientIdDisturbsNobody() throws Exception {
    String uri = "tcp://127.0.0.1:" + gateway.mqttPort();
    CompletableFuture<Integer> wonjuClosed = new CompletableFuture<>();
    MqttAsyncClient wonju = new MqttAsyncClient(uri, "sim-wonju-wonju-fr-012", new MemoryPersistence());
    wonju.setCallback(new DisconnectCapture(wonjuClosed));
    wonju.connect(options("wonju", "wonju-fr-012")).waitForCompletion(10_000);
    // Hoengseong's device, and then another Wonju device, borrow the Wonju device's (predictable) client id.
    MqttAsyncClient hoengseong = new MqttAsyncClient(uri, "sim-wonju-wonju-fr-012", new MemoryPersistence());
    hoengseong.connect(options("hoengseong", "hoengseong-fr-001")).waitForCompletion(10_000);
    MqttAsyncClient neighbour = new MqttAsyncClient(uri, "sim-wonju-wonju-fr-012", new MemoryPersistence());
    neighbour.connect(options("wonju", "wonju-fr-013")).waitForCompletion(10_000);

    Instant now = Instant.now().minusSeconds(1);
    String reading = "{\"schema\":1,\"kind\":\"fire\",\"seq\":1,\"time\":\"" + now
        + "\",\"readings\":[{\"quantity\":\"temperature\",\"unit\":\"Cel\",\"value\":21.0}]}";
    wonju.publish("citywatch/wonju/wonju-fr-012/telemetry", reading.getBytes(StandardCharsets.UTF_8), 1, false).waitForCompletion(10_000);
    assertThat(wonjuClosed).as("the Wonju device's connection").isNotDone();
    assertThat(wonju.isConnected()).isTrue();
    assertThat(hoengseong.isConnected()).isTrue();
    assertThat(neighbour.isConnected()).isTrue();
    for (MqttAsyncClient c : List.of(wonju, hoengseong, neighbour)) {
      c.disconnect().waitForCompletion(5_000);
      c.close();
    }
  }

  private static MqttConnectionOptions options(String tenant, String device) {
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device + "@" + tenant);
    options.setPassword(new String(FLEET.password(tenant, device)).getBytes(StandardCharsets.UTF_8));
    return options;
  }

  @Test
  void connackTellsMqtt5ClientsWhatTheGatewaySupports() throws Exception {
    var client = new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + gateway.mqttPort(), "caps-" + System.nanoTime(),
        new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName("wonju-aq-011@wonju");
    options.setPassword(new String(FLEET.password("wonju", "wonju-aq-011")).getBytes(StandardCharsets.UTF_8));
    var connack = client.connectWithResult(options).getResponseProperties();
    assertThat(connack.getMaximumQoS()).isEqualTo(1);
    assertThat(connack.getReceiveMaximum()).isEqualTo(100);
    assertThat(connack.getMaximumPacketSize()).isEqualTo(2L * DecodeLimits.DEFAULT.maxPayloadBytes());
    assertThat(connack.isRetainAvailable()).isFalse();
    client.disconnect();
    client.close();
  }

  @Test
  void connectionsBeyondTheTenantQuotaAreRefusedWith0x97() throws Exception {
    TestGateway quotaGateway = TestGateway.start("gw-quota", "127.0.0.1", GatewayLimits.DEFAULT.withConnections(3, 2), -1);
    Gateway small = quotaGateway.gateway();
    Map<String, org.eclipse.paho.mqttv5.client.MqttClient> open = new HashMap<>();
    try {
      assertThat(connectTo(small, "wonju", "wonju-aq-012", open)).isZero();
      assertThat(connectTo(small, "wonju", "wonju-aq-013", open)).isZero();
      assertThat(connectTo(small, "wonju", "wonju-aq-014", open)).as("third Wonju device").isEqualTo(0x97);
      assertThat(connectTo(small, "hoengseong", "hoengseong-aq-001", open)).as("another tenant still fits").isZero();
      var leaving = open.remove("wonju-aq-012");
      leaving.disconnect();
      leaving.close();
      // The slot is freed once the gateway has seen the connection close.
      int answer = -1;
      for (int attempt = 0; attempt < 20 && answer != 0; attempt++) {
        answer = connectTo(small, "wonju", "wonju-aq-014", open);
        if (answer != 0) Thread.sleep(250);
      }
      assertThat(answer).as("a freed slot is reused").isZero();
    } finally {
      for (var client : open.values()) {
        client.disconnect();
        client.close();
      }
      quotaGateway.stop();
    }
  }

  private static int connectTo(Gateway target, String tenant, String device, Map<String, org.eclipse.paho.mqttv5.client.MqttClient> open)
      throws Exception {
    var client = new org.eclipse.paho.mqttv5.client.MqttClient("tcp://127.0.0.1:" + target.mqttPort(), "quota-" + device,
        new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName(device + "@" + tenant);
    options.setPassword(new String(FLEET.password(tenant, device)).getBytes(StandardCharsets.UTF_8));
    try {
      client.connect(options);
      open.put(device, client);
      return 0;
    } catch (MqttException e) {
      client.close(true);
      return e.getReasonCode();
    }
  }

  private static SocketFactory boundTo(String localAddress) {
    return new SocketFactory() {
      @Override
      public Socket createSocket() throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        return s;
      }

      @Override
      public Socket createSocket(String host, int port) throws IOException {
        throw new UnsupportedOperationException("Paho creates unconnected sockets");
      }

      @Override
      public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        throw new UnsupportedOperationException("Paho creates unconnected sockets");
      }

      @Override
      public Socket createSocket(InetAddress host, int port) throws IOException {
        throw new UnsupportedOperationException("Paho creates unconnected sockets");
      }

      @Override
      public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        throw new UnsupportedOperationException("Paho creates unconnected sockets");
      }
    };
  }
}
