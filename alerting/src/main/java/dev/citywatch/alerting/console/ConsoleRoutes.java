package dev.citywatch.alerting.console;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.citywatch.alerting.console.ApiTokens.Principal;
import dev.citywatch.alerting.webhook.Acknowledgement;
import dev.citywatch.model.Alert;
import dev.citywatch.model.wire.WireJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert API and the duty console, every call authenticated with a tenant's (or region's)
 * bearer token and limited to its tenants; an alert of another tenant answers 404, as if it did
 * not exist.
 *
 * <ul>
 *   <li>{@code GET /console/} the page (plain HTML and JS from the jar)
 *   <li>{@code GET /api/alerts} current alerts, open first, most severe and newest first
 *   <li>{@code GET /api/alerts/stream} the same as server-sent events: a {@code snapshot}, then an
 *       {@code alert} event per change
 *   <li>{@code POST /alerts/{id}/ack} acknowledges, with an optional {@code {"by": "name"}}
 * </ul>
 */
public final class ConsoleRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
  private static final int MAX_NAME = 80;

  private final Vertx vertx;
  private final AlertBook book;
  private final ApiTokens tokens;
  private final BiConsumer<Acknowledgement, Alert> onAck;
  private final Clock clock;

  /** @param onAck told of each new acknowledgement (stored in InfluxDB by the service) */
  public ConsoleRoutes(Vertx vertx, AlertBook book, ApiTokens tokens, BiConsumer<Acknowledgement, Alert> onAck, Clock clock) {
    this.vertx = vertx;
    this.book = book;
    this.tokens = tokens;
    this.onAck = onAck;
    this.clock = clock;
  }

  public void mount(Router router) {
    // Vert.x matches "/console" and "/console/" alike; only the former needs sending on.
    router.get("/console").handler(ctx -> {
      if (ctx.request().path().equals("/console")) {
        ctx.redirect("/console/");
      } else {
        ctx.next();
      }
    });
    router.route("/console/*").handler(StaticHandler.create("citywatch/console").setCachingEnabled(false));
    // The body handler must come before the token check: checking a new token is asynchronous
    // (PBKDF2 off the event loop), and the request body would be gone by the time it answers.
    router.route("/alerts/*").handler(BodyHandler.create().setBodyLimit(4096));
    router.route("/api/*").handler(this::authenticate);
    router.route("/alerts/*").handler(this::authenticate);
    router.get("/api/alerts").handler(this::list);
    router.get("/api/alerts/stream").handler(this::stream);
    router.post("/alerts/:id/ack").handler(this::acknowledge);
  }

  private void authenticate(RoutingContext ctx) {
    tokens.authenticate(vertx, ctx.request().getHeader("Authorization")).onComplete(ar -> {
      if (ar.succeeded() && ar.result().isPresent()) {
        ctx.put("principal", ar.result().get());
        ctx.next();
      } else {
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"citywatch\"")
            .putHeader("Content-Type", "application/json").end("{\"error\":\"a valid API token is required\"}");
      }
    });
  }

  private void list(RoutingContext ctx) {
    Principal p = ctx.get("principal");
    ArrayNode out = WireJson.mapper().createArrayNode();
    book.current(p.tenants()).forEach(a -> out.add(AlertView.of(book, a)));
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(out.toString());
  }

  private void stream(RoutingContext ctx) {
    Principal p = ctx.get("principal");
    HttpServerResponse response = ctx.response();
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    ArrayNode snapshot = WireJson.mapper().createArrayNode();
    book.current(p.tenants()).forEach(a -> snapshot.add(AlertView.of(book, a)));
    send(response, "snapshot", snapshot.toString());
    Consumer<AlertBook.Change> listener = change -> {
      if (!p.tenants().contains(change.tenant())) return;
      book.latest(change.alertId()).ifPresent(a -> send(response, "alert", AlertView.of(book, a).toString()));
    };
    book.listen(listener);
    long heartbeat = vertx.setPeriodic(15_000, t -> response.write(": keep-alive\n\n"));
    response.closeHandler(v -> {
      book.unlisten(listener);
      vertx.cancelTimer(heartbeat);
    });
  }

  private static void send(HttpServerResponse response, String event, String json) {
    if (!response.closed()) response.write("event: " + event + "\ndata: " + json + "\n\n", StandardCharsets.UTF_8.name());
  }

  private void acknowledge(RoutingContext ctx) {
    Principal p = ctx.get("principal");
    String id = ctx.pathParam("id");
    Optional<Alert> alert = book.latest(id).filter(a -> p.tenants().contains(a.tenant()));
    if (alert.isEmpty()) {
      error(ctx, 404, "no alert '" + id + "'");
      return;
    }
    String by = p.token();
    if (ctx.body() != null && ctx.body().length() > 0) {
      try {
        JsonObject body = ctx.body().asJsonObject();
        Object named = body.getValue("by");
        if (named != null && !(named instanceof String)) {
          error(ctx, 400, "'by' must be a string");
          return;
        }
        String name = named == null ? "" : ((String) named).strip();
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
          error(ctx, 400, "'by' must be a single line of at most " + MAX_NAME + " characters");
          return;
        }
        if (!name.isEmpty()) by = name;
      } catch (DecodeException | ClassCastException e) {
        error(ctx, 400, "the body must be a JSON object such as {\"by\": \"홍길동\"}");
        return;
      }
    }
    Acknowledgement ack = new Acknowledgement(id, alert.get().tenant(), by, p.token(), clock.instant());
    Acknowledgement kept = book.acknowledge(ack).orElseThrow();
    if (kept == ack) {
      LOG.info("[alert={} token={}] acknowledged", id, p.token());
      onAck.accept(ack, alert.get());
    }
    ObjectNode out = WireJson.mapper().createObjectNode();
    out.put("alert_id", id).put("acknowledged_by", kept.by()).put("acknowledged_at", kept.at().toString())
        .put("token", kept.token());
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(out.toString());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ObjectNode out = WireJson.mapper().createObjectNode().put("error", message);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(out.toString());
  }
}
