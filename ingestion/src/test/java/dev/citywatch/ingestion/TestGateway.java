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
import java.util.function.UnaryOperator;

/** A real gateway writing to topics of its own, for one test class. */
record TestGateway(Vertx vertx, Gateway gateway, KafkaEndpoint kafka, String telemetry, String dlq, String status) {

  /** Starts a gateway named {@code id} on the shared Kafka, listening on {@code host}; {@code opsPort} -1 turns the HTTP endpoints off. */
  static TestGateway start(String id, String host, GatewayLimits limits, int opsPort) throws Exception {
    return start(TestServers.kafka(), id, host, limits, opsPort, UnaryOperator.identity());
  }

  /** As above, on {@code kafka}, with {@code customize} applied to the configuration (TLS, WebSocket, drain time). */
  static TestGateway start(KafkaEndpoint kafka, String id, String host, GatewayLimits limits, int opsPort,
                           UnaryOperator<GatewayConfig> customize) throws Exception {
    String telemetry = Names.unique("telemetry");
    String dlq = Names.unique("dlq");
    String status = Names.unique("status");
    KafkaTopics.create(kafka, 1, telemetry, dlq, status);
    Vertx vertx = Vertx.vertx();
    GatewayConfig config = customize.apply(new GatewayConfig(id, host, 0,
        new GatewayConfig.KafkaSettings(kafka.bootstrapServers(), telemetry, dlq, status, Map.of()), DecodeLimits.DEFAULT, limits, opsPort));
    Gateway gateway = Gateway.start(vertx, config, InventoryLoader.loadDefault(), Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    return new TestGateway(vertx, gateway, kafka, telemetry, dlq, status);
  }

  int mqttPort() {
    return gateway.mqttPort();
  }

  void stop() throws Exception {
    gateway.stop().await(60, TimeUnit.SECONDS);
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
