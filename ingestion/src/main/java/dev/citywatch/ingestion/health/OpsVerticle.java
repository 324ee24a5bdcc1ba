package dev.citywatch.ingestion.health;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;

/**
 * The gateway's operations endpoints:
 *
 * <ul>
 *   <li>{@code GET /health/live}: 200 while the process serves requests;
 *   <li>{@code GET /health/ready}: 200 when Kafka answers and the gateway is accepting devices,
 *       503 otherwise (a load balancer stops sending devices here);
 *   <li>{@code GET /metrics}: Prometheus text format.
 * </ul>
 */
public final class OpsVerticle extends VerticleBase {
  private final int port;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier kafkaUp;
  private final BooleanSupplier accepting;
  private final String host;
  private HttpServer server;

  public OpsVerticle(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier kafkaUp, BooleanSupplier accepting) {
    this.host = host;
    this.port = port;
    this.registry = registry;
    this.kafkaUp = kafkaUp;
    this.accepting = accepting;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer().requestHandler(this::handle);
    return server.listen(port, host);
  }

  @Override
  public Future<?> stop() {
    return server.close();
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/health/live" -> json(request, 200, new JsonObject().put("status", "UP"));
      case "/health/ready" -> ready(request);
      case "/metrics" -> request.response()
          .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
          .end(registry.scrape());
      default -> json(request, 404, new JsonObject().put("error", "no such endpoint: " + request.path())
          .put("endpoints", "/health/live, /health/ready, /metrics"));
    }
  }

  private void ready(HttpServerRequest request) {
    boolean kafka = kafkaUp.getAsBoolean();
    boolean open = accepting.getAsBoolean();
    JsonObject checks = new JsonObject().put("kafka", kafka ? "UP" : "DOWN").put("inventory", "UP")
        .put("mqtt", open ? "UP" : "DOWN");
    boolean up = kafka && open;
    json(request, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
  }

  private static void json(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
