package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.decode.DecodeLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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

/** Brute-force throttling, the per-device publish rate (DISCONNECT 0x96) and client-id takeover. */
class GatewayLimitsIT {
  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static TestGateway limited;
  private static Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    // Listen on every loopback address, so clients can come from several of 127.0.0.0/8.
    limited = TestGateway.start("gw-limits", "0.0.0.0", new GatewayLimits(5, 10, 10, 5, Duration.ofMinutes(1)), -1);
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
  void aDevicePublishingFasterThanItsRateIsDisconnectedWith0x96() throws Exception {
    CompletableFuture<Integer> disconnect = new CompletableFuture<>();
    Map<String, MqttAsyncClient> clients = new HashMap<>();
    assertThat(connect("127.0.0.1", "wonju-rg-005", new String(FLEET.password("wonju", "wonju-rg-005")), clients)).isZero();
    MqttAsyncClient client = clients.get("wonju-rg-005");
    client.setCallback(new DisconnectCapture(disconnect));
    Instant t = Instant.now().minusSeconds(100);
    int acked = 0;
    for (int i = 0; i < 30 && !disconnect.isDone(); i++) {
      String json = "[{\"bn\":\"wonju-rg-005:\",\"seq\":" + i + ",\"bt\":" + (t.getEpochSecond() + i) + ",\"n\":\"rainfall\",\"u\":\"mm\",\"v\":0.5}]";
      IMqttToken token = client.publish("citywatch/wonju/wonju-rg-005/telemetry", json.getBytes(StandardCharsets.UTF_8), 1, false);
      try {
        token.waitForCompletion(5_000);
        acked++;
      } catch (MqttException e) {
        break;
      }
    }
    assertThat(disconnect.get(10, TimeUnit.SECONDS)).isEqualTo(0x96);
    assertThat(acked).as("the burst of 10 is allowed").isBetween(10, 12);
    client.close(true);
  }

  @Test
  void aSecondConnectionWithTheSameClientIdTakesOver() throws Exception {
    CompletableFuture<Integer> firstClosed = new CompletableFuture<>();
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName("wonju-fr-011@wonju");
    options.setPassword(new String(FLEET.password("wonju", "wonju-fr-011")).getBytes(StandardCharsets.UTF_8));
    String uri = "tcp://127.0.0.1:" + gateway.mqttPort();
    MqttAsyncClient first = new MqttAsyncClient(uri, "fire-panel-11", new MemoryPersistence());
    first.setCallback(new DisconnectCapture(firstClosed));
    first.connect(options).waitForCompletion(10_000);
    MqttAsyncClient second = new MqttAsyncClient(uri, "fire-panel-11", new MemoryPersistence());
    second.connect(options).waitForCompletion(10_000);
    firstClosed.get(10, TimeUnit.SECONDS);
    assertThat(first.isConnected()).isFalse();
    assertThat(second.isConnected()).isTrue();
    second.disconnect().waitForCompletion(5_000);
    second.close();
    first.close(true);
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
