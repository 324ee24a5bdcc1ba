package dev.citywatch.alerting.receiver;

import dev.citywatch.alerting.webhook.Signature;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small webhook receiver as docs/webhooks.md tells receivers to build one: it verifies the
 * signature (any of its secrets, {@link Signature#DEFAULT_TOLERANCE} of clock skew), refuses what
 * does not verify with 401, deduplicates by {@code Idempotency-Key} (a repeat is answered 200 and
 * not shown again), and prints each alert in one line. Used by {@code ./citywatch webhook-receiver},
 * the demo and the tests.
 */
public final class WebhookReceiver {
  private static final int MAX_BODY = 1 << 20;
  private static final int REMEMBERED_KEYS = 100_000;

  private final List<String> secrets;
  private final PrintStream out;
  private final Clock clock;
  private final List<ReceivedAlert> received = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> seen = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > REMEMBERED_KEYS;
    }
  });
  private HttpServer server;
  private volatile int refused;

  public WebhookReceiver(List<String> secrets, PrintStream out, Clock clock) {
    if (secrets.isEmpty()) throw new IllegalArgumentException("a receiver needs at least one secret to verify with");
    this.secrets = List.copyOf(secrets);
    this.out = out;
    this.clock = clock;
  }

  public Future<Integer> start(Vertx vertx, String host, int port) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(port, host).map(s -> {
      server = s;
      return s.actualPort();
    });
  }

  private void handle(HttpServerRequest request) {
    if (request.method() != io.vertx.core.http.HttpMethod.POST) {
      request.response().setStatusCode(405).putHeader("Allow", "POST").end();
      return;
    }
    request.body().onSuccess(buffer -> {
      if (buffer.length() > MAX_BODY) {
        request.response().setStatusCode(413).end();
        return;
      }
      byte[] body = buffer.getBytes();
      Signature.Verdict verdict = Signature.verify(request.getHeader(Signature.HEADER), body, secrets, clock.instant(),
          Signature.DEFAULT_TOLERANCE);
      if (verdict != Signature.Verdict.OK) {
        refused++;
        out.println("[receiver] refused " + request.path() + ": signature " + verdict.name().toLowerCase(java.util.Locale.ROOT));
        request.response().setStatusCode(401).putHeader("Content-Type", "application/json")
            .end("{\"error\":\"signature " + verdict.name().toLowerCase(java.util.Locale.ROOT) + "\"}");
        return;
      }
      String key = request.getHeader("Idempotency-Key");
      boolean duplicate = key != null && seen.putIfAbsent(key, Boolean.TRUE) != null;
      String text = new String(body, StandardCharsets.UTF_8);
      ReceivedAlert alert = new ReceivedAlert(request.path(), key, request.getHeader("X-CityWatch-Event"),
          request.getHeader("Content-Type"), text, clock.instant(), duplicate);
      received.add(alert);
      if (!duplicate) out.println(AlertLine.of(alert, clock.instant()));
      request.response().putHeader("Content-Type", "application/json")
          .end(duplicate ? "{\"status\":\"duplicate\"}" : "{\"status\":\"ok\"}");
    });
  }

  /** Every accepted request, duplicates included, in arrival order. */
  public List<ReceivedAlert> received() {
    return List.copyOf(received);
  }

  /** Accepted requests that were not duplicates: what a receiver acts on. */
  public List<ReceivedAlert> unique() {
    return received.stream().filter(r -> !r.duplicate()).toList();
  }

  public int refused() {
    return refused;
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
