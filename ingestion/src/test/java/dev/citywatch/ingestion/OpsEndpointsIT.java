package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.InventoryLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/** /health/live, /health/ready and /metrics, scraped over HTTP from running gateways. */
class OpsEndpointsIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private static GatewayConfig config(String bootstrap, String telemetry, String dlq, String status) {
    return new GatewayConfig("gw-ops", "127.0.0.1", 0, new GatewayConfig.KafkaSettings(bootstrap, telemetry, dlq, status, Map.of()),
        DecodeLimits.DEFAULT, GatewayLimits.DEFAULT, 0);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> awaitStatus(int port, String path, int status) throws Exception {
    HttpResponse<String> response = get(port, path);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (response.statusCode() != status && System.nanoTime() < deadline) {
      Thread.sleep(200);
      response = get(port, path);
    }
    return response;
  }

  @Test
  void aGatewayWithKafkaIsLiveAndReadyAndCountsWhatItDid() throws Exception {
    TestGateway gw = TestGateway.start("gw-ops", "127.0.0.1", GatewayLimits.DEFAULT, 0);
    Gateway gateway = gw.gateway();
    try {
      int ops = gateway.opsPort();
      assertThat(get(ops, "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = awaitStatus(ops, "/health/ready", 200);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("kafka")).isEqualTo("UP");

      MqttClient client = new MqttClient("tcp://127.0.0.1:" + gateway.mqttPort(), "ops-it", new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setUserName("wonju-aq-010@wonju");
      options.setPassword(new String(FleetCredentials.development().password("wonju", "wonju-aq-010")).getBytes(StandardCharsets.UTF_8));
      client.connect(options);
      String json = "{\"schema\":1,\"kind\":\"air_quality\",\"seq\":1,\"time\":\"" + Instant.now().minusSeconds(1)
          + "\",\"readings\":[{\"quantity\":\"pm10\",\"unit\":\"ug/m3\",\"value\":40}]}";
      client.publish("citywatch/wonju/wonju-aq-010/telemetry", json.getBytes(StandardCharsets.UTF_8), 1, false);
      try {
        client.publish("citywatch/wonju/wonju-aq-010/telemetry", "{}".getBytes(StandardCharsets.UTF_8), 1, false);
      } catch (Exception refused) {
        // PUBACK 0x99: counted below
      }

      HttpResponse<String> metrics = get(ops, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
      assertThat(metrics.body())
          .contains("citywatch_gateway_publishes_total{outcome=\"accepted\",qos=\"1\"} 1.0")
          .contains("citywatch_gateway_publishes_total{outcome=\"payload_invalid\",qos=\"1\"} 1.0")
          .contains("citywatch_gateway_connections 1.0")
          .contains("citywatch_gateway_puback_latency_seconds_count 1")
          .contains("citywatch_gateway_kafka_send_latency_seconds_count")
          .contains("citywatch_gateway_auth_failures_total 0.0")
          .contains("citywatch_gateway_rejected_total{reason=\"missing_field\",tenant=\"wonju\"} 1.0")
          .contains("citywatch_gateway_inflight 0.0")
          .contains("citywatch_gateway_reads_paused_total 0.0");
      client.disconnect();
      client.close();
      assertThat(get(ops, "/nope").statusCode()).isEqualTo(404);
    } finally {
      gw.stop();
    }
  }

  @Test
  void aGatewayThatCannotReachKafkaIsLiveButNotReady() throws Exception {
    Vertx vertx = Vertx.vertx();
    // Nothing listens on port 1; the gateway still starts, and says it is not ready.
    Gateway gateway = Gateway.start(vertx, config("127.0.0.1:1", "t", "d", "s"), InventoryLoader.loadDefault(), Clock.systemUTC())
        .await(30, TimeUnit.SECONDS);
    try {
      assertThat(get(gateway.opsPort(), "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(gateway.opsPort(), "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("kafka")).isEqualTo("DOWN");
    } finally {
      gateway.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
