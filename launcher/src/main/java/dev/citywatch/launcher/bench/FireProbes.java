package dev.citywatch.launcher.bench;

import dev.citywatch.model.Topics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.sim.inventory.InventoryGenerator;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The load-test tenant's fire sensors, each reporting a fire once while the city is under load: the
 * time from its publish to its alert's webhook is one sample of the sensor→webhook latency. They
 * stay connected (one Vert.x event loop for all), so a probe's time is the reading's, not a login's.
 */
final class FireProbes implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
  private final List<MqttClient> clients = new ArrayList<>();
  private final List<String> sensors = new ArrayList<>();
  private final Map<String, Instant> published = new ConcurrentHashMap<>();
  private int fired;

  /** Connects fire sensors {@code first}..{@code first + count - 1} of the load-test tenant. */
  static FireProbes connect(URI target, int first, int count) throws Exception {
    FireProbes probes = new FireProbes();
    FleetCredentials keys = FleetCredentials.development();
    List<Future<?>> connected = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      String id = InventoryGenerator.probeSensorId(i);
      MqttClient client = MqttClient.create(probes.vertx, new MqttClientOptions().setClientId("probe-" + id)
          .setUsername(Topics.username(InventoryGenerator.LOAD_TENANT, id))
          .setPassword(new String(keys.password(InventoryGenerator.LOAD_TENANT, id))).setKeepAliveInterval(60).setAutoKeepAlive(true));
      probes.clients.add(client);
      probes.sensors.add(id);
      connected.add(client.connect(target.getPort(), target.getHost()));
    }
    Future.all(connected).await(2, TimeUnit.MINUTES);
    return probes;
  }

  int size() {
    return sensors.size();
  }

  /** The next sensor reports 150 °C now (QoS 1); false when every sensor has fired. */
  boolean fireNext() {
    if (fired == sensors.size()) return false;
    int i = fired++;
    String id = sensors.get(i);
    Instant now = Instant.now();
    byte[] payload = ("{\"schema\":1,\"kind\":\"fire\",\"seq\":1,\"time\":" + now.toEpochMilli()
        + ",\"readings\":[{\"quantity\":\"temperature\",\"unit\":\"Cel\",\"value\":150.0}]}").getBytes(StandardCharsets.UTF_8);
    published.put(id, now);
    MqttClient client = clients.get(i);
    vertx.runOnContext(v -> client.publish(Topics.telemetryTopic(InventoryGenerator.LOAD_TENANT, id), Buffer.buffer(payload),
        MqttQoS.AT_LEAST_ONCE, false, false));
    return true;
  }

  /** When each sensor that fired published its reading. */
  Map<String, Instant> published() {
    return Map.copyOf(published);
  }

  @Override
  public void close() throws Exception {
    for (MqttClient c : clients) {
      if (c.isConnected()) c.disconnect();
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }
}
