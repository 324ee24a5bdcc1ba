package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.ingestion.Gateway;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.TestServers;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The walking skeleton end to end: MQTT device → gateway → Kafka → Flink → InfluxDB, all real. */
class GatewayToInfluxIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final FleetCredentials FLEET = FleetCredentials.development();
  private static String database;
  private static InfluxDB influx;
  private static Vertx vertx;
  private static Gateway gateway;
  private static JobClient job;

  @BeforeAll
  static void startPipeline() throws Exception {
    KafkaEndpoint kafka = TestServers.kafka();
    InfluxEndpoint influxServer = TestServers.influx();
    String topic = Names.unique("telemetry");
    String dlq = Names.unique("dlq");
    String status = Names.unique("status");
    database = Names.unique("skeleton");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(dlq, 1, (short) 1), new NewTopic(status, 1, (short) 1)))
          .all().get();
    }
    vertx = Vertx.vertx();
    GatewayConfig config = new GatewayConfig("gw-it", "127.0.0.1", 0,
        new GatewayConfig.KafkaSettings(kafka.bootstrapServers(), topic, dlq, status, Map.of()), DecodeLimits.DEFAULT,
        new dev.citywatch.ingestion.config.GatewayLimits(100_000, 100_000, 10, 5, Duration.ofMinutes(1)), -1); // a load test, not a device
    gateway = Gateway.start(vertx, config, InventoryLoader.loadDefault(), Clock.systemUTC())
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(1_000);
    JobSettings settings = JobSettings.of(kafka.bootstrapServers(), influxServer.url(), database, topic, status, dlq,
        Names.unique("alerts"), topic);
    StorageJob.buildTopology(env, StorageJob.sources(settings), StorageJob.influxSink(settings), CityReference.defaults(), settings);
    job = env.executeAsync(StorageJob.NAME);
    influx = InfluxDBFactory.connect(influxServer.url());
  }

  @AfterAll
  static void stopPipeline() throws Exception {
    if (job != null) job.cancel().get();
    if (gateway != null) gateway.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    if (vertx != null) vertx.close();
    if (influx != null) influx.close();
  }

  private static String uri() {
    return "tcp://127.0.0.1:" + gateway.mqttPort();
  }

  @Test
  void thousandQos1MessagesFromPahoV5AndV3AreAllAckedAndStored() throws Exception {
    Instant base = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    int perClient = 500;

    var v5 = new org.eclipse.paho.mqttv5.client.MqttClient(uri(), "it-v5-rv-001", new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    MqttConnectionOptions v5Options = new MqttConnectionOptions();
    v5Options.setUserName("wonju-rv-001@wonju");
    v5Options.setPassword(new String(FLEET.password("wonju", "wonju-rv-001")).getBytes(StandardCharsets.UTF_8));
    v5.connect(v5Options);

    var v3 = new org.eclipse.paho.client.mqttv3.MqttClient(uri(), "it-v3-rg-001", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
    var v3Options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    v3Options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    v3Options.setUserName("wonju-rg-001@wonju");
    v3Options.setPassword(FLEET.password("wonju", "wonju-rg-001"));
    v3.connect(v3Options);

    for (int i = 0; i < perClient; i++) {
      Instant t = base.plusSeconds(i);
      String json = String.format(Locale.ROOT,
          "{\"schema\":1,\"kind\":\"river_gauge\",\"seq\":%d,\"time\":\"%s\",\"readings\":[{\"quantity\":\"level\",\"unit\":\"m\",\"value\":%.3f}]}",
          i, t, 1.0 + i / 1000.0);
      v5.publish("citywatch/wonju/wonju-rv-001/telemetry", json.getBytes(StandardCharsets.UTF_8), 1, false); // returns on PUBACK
      String senml = String.format(Locale.ROOT,
          "[{\"bn\":\"wonju-rg-001:\",\"seq\":%d,\"bt\":%d,\"n\":\"rainfall\",\"u\":\"mm\",\"v\":%.1f}]", i, t.getEpochSecond(), (i % 10) / 2.0);
      v3.publish("citywatch/wonju/wonju-rg-001/telemetry", senml.getBytes(StandardCharsets.UTF_8), 1, false);
    }
    v5.disconnect();
    v3.disconnect();
    v5.close();
    v3.close();
    assertThat(gateway.metrics().accepted()).isGreaterThanOrEqualTo(2 * perClient);

    String window = " AND time >= '" + base + "' AND time < '" + base.plusSeconds(perClient) + "'";
    awaitCount("SELECT count(level) FROM river_level WHERE device = 'wonju-rv-001'" + window, perClient);
    awaitCount("SELECT count(rainfall) FROM rainfall WHERE device = 'wonju-rg-001'" + window, perClient);

    List<Object> level = firstRow("SELECT level, tenant, kind FROM river_level WHERE device = 'wonju-rv-001' AND time = '" + base.plusSeconds(123) + "'");
    assertThat(level).containsExactly(base.plusSeconds(123).toString(), 1.123, "wonju", "river_gauge");
    List<Object> rain = firstRow("SELECT rainfall, tenant, kind FROM rainfall WHERE device = 'wonju-rg-001' AND time = '" + base.plusSeconds(17) + "'");
    assertThat(rain).containsExactly(base.plusSeconds(17).toString(), 3.5, "wonju", "rain_gauge");
  }

  @Test
  void aWrongPasswordIsRefusedWith0x86OnMqtt5AndReturnCode4On311() {
    var v5 = newV5("it-bad-v5");
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setUserName("wonju-rv-002@wonju");
    options.setPassword("not-the-password".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> v5.connect(options))
        .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(0x86));

    var v3Options = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
    v3Options.setMqttVersion(org.eclipse.paho.client.mqttv3.MqttConnectOptions.MQTT_VERSION_3_1_1);
    v3Options.setUserName("wonju-rv-002@wonju");
    v3Options.setPassword("not-the-password".toCharArray());
    assertThatThrownBy(() -> new org.eclipse.paho.client.mqttv3.MqttClient(uri(), "it-bad-v3",
        new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence()).connect(v3Options))
        .isInstanceOfSatisfying(org.eclipse.paho.client.mqttv3.MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(4));
  }

  @Test
  void mosquittoPubReachesInfluxDb() throws Exception {
    Instant t = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MILLIS);
    String payload = String.format(Locale.ROOT,
        "{\"schema\":1,\"kind\":\"air_quality\",\"seq\":1,\"time\":\"%s\",\"readings\":[{\"quantity\":\"pm10\",\"unit\":\"ug/m3\",\"value\":87},"
            + "{\"quantity\":\"pm25\",\"unit\":\"ug/m3\",\"value\":41}]}", t);
    for (String version : List.of("mqttv311", "mqttv5")) {
      String device = version.equals("mqttv5") ? "wonju-aq-002" : "wonju-aq-001";
      Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(gateway.mqttPort()),
          "-V", version, "-q", "1", "-i", "it-mosquitto-" + device,
          "-u", device + "@wonju", "-P", new String(FLEET.password("wonju", device)),
          "-t", "citywatch/wonju/" + device + "/telemetry", "-m", payload)
          .redirectErrorStream(true).start();
      assertThat(pub.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(pub.exitValue()).as(new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
      awaitCount("SELECT count(pm10) FROM air_quality WHERE device = '" + device + "' AND time = '" + t + "'", 1);
      List<Object> row = firstRow("SELECT pm10, pm25 FROM air_quality WHERE device = '" + device + "' AND time = '" + t + "'");
      // InfluxDB writes RFC 3339 without trailing zeros (".56Z"), so compare instants, not strings.
      assertThat(Instant.parse((String) row.get(0))).isEqualTo(t);
      assertThat(row.subList(1, row.size())).containsExactly(87.0, 41.0);
    }
  }

  private static org.eclipse.paho.mqttv5.client.MqttClient newV5(String id) {
    try {
      return new org.eclipse.paho.mqttv5.client.MqttClient(uri(), id, new org.eclipse.paho.mqttv5.client.persist.MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitCount(String query, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long count = -1;
    while (System.nanoTime() < deadline) {
      QueryResult result = influx.query(new Query(query, database));
      var series = result.getResults().get(0).getSeries();
      count = series == null ? 0 : ((Number) series.get(0).getValues().get(0).get(1)).longValue();
      if (count >= expected) break;
      Thread.sleep(250);
    }
    assertThat(count).as(query).isEqualTo(expected);
  }

  private static List<Object> firstRow(String query) {
    var series = influx.query(new Query(query, database)).getResults().get(0).getSeries();
    assertThat(series).as(query).isNotNull();
    return series.get(0).getValues().get(0);
  }
}
