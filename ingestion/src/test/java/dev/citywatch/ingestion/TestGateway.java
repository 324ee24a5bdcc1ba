package dev.citywatch.ingestion;

import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.TestServers;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real gateway on the shared Kafka, writing to topics of its own, for one test class. */
record TestGateway(Vertx vertx, Gateway gateway, KafkaEndpoint kafka, String telemetry, String dlq, String status) {

  /** Starts a gateway named {@code id} listening on {@code host}; {@code opsPort} -1 turns the HTTP endpoints off. */
  static TestGateway start(String id, String host, GatewayLimits limits, int opsPort) throws Exception {
    KafkaEndpoint kafka = TestServers.kafka();
    String telemetry = Names.unique("telemetry");
    String dlq = Names.unique("dlq");
    String status = Names.unique("status");
    KafkaTopics.create(kafka, 1, telemetry, dlq, status);
    Vertx vertx = Vertx.vertx();
    GatewayConfig config = new GatewayConfig(id, host, 0,
        new GatewayConfig.KafkaSettings(kafka.bootstrapServers(), telemetry, dlq, status, Map.of()), DecodeLimits.DEFAULT, limits, opsPort);
    Gateway gateway = Gateway.start(vertx, config, InventoryLoader.loadDefault(), Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    return new TestGateway(vertx, gateway, kafka, telemetry, dlq, status);
  }

  int mqttPort() {
    return gateway.mqttPort();
  }

  void stop() throws Exception {
    gateway.stop().await(30, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
