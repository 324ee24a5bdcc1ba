package dev.citywatch.alerting;

import dev.citywatch.alerting.webhook.Signature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/** A real HTTP receiver whose answers follow a script (by request number, from 0), recording every request. */
final class TestEndpoint implements AutoCloseable {
  /** An answer: status, extra headers, and how long to wait before giving it. */
  record Answer(int status, Map<String, String> headers, Duration delay) {
    static Answer status(int status) {
      return new Answer(status, Map.of(), Duration.ZERO);
    }
  }

  /** A request as it arrived. */
  record Request(int index, Instant at, String path, Map<String, String> headers, String body, Signature.Verdict verdict) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile IntFunction<Answer> script;

  private TestEndpoint(Vertx vertx, IntFunction<Answer> script, List<String> secrets) throws Exception {
    this.vertx = vertx;
    this.script = script;
    this.server = vertx.createHttpServer().requestHandler(r -> handle(r, secrets)).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static TestEndpoint start(Vertx vertx, String secret, IntFunction<Answer> script) throws Exception {
    return new TestEndpoint(vertx, script, List.of(secret));
  }

  void script(IntFunction<Answer> script) {
    this.script = script;
  }

  private void handle(HttpServerRequest r, List<String> secrets) {
    r.body().onSuccess(body -> {
      int index = count.getAndIncrement();
      Map<String, String> headers = new java.util.HashMap<>();
      r.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      byte[] bytes = body.getBytes();
      Signature.Verdict verdict = Signature.verify(r.getHeader(Signature.HEADER), bytes, secrets, Instant.now(), Signature.DEFAULT_TOLERANCE);
      requests.add(new Request(index, Instant.now(), r.path(), headers, new String(bytes, StandardCharsets.UTF_8), verdict));
      Answer a = script.apply(index);
      Runnable answer = () -> {
        a.headers().forEach(r.response()::putHeader);
        r.response().setStatusCode(a.status()).end("{\"answer\":" + a.status() + "}");
      };
      if (a.delay().isZero()) {
        answer.run();
      } else {
        vertx.setTimer(a.delay().toMillis(), t -> {
          if (!r.response().closed()) answer.run();
        });
      }
    });
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits until {@code done} holds for the requests so far; returns them. */
  List<Request> await(Predicate<List<Request>> done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(requests()) && System.nanoTime() < deadline) Thread.sleep(50);
    return requests();
  }

  /** Requests answered 2xx, in order, as the receiver acts on them. */
  List<Request> delivered() {
    return requests().stream().filter(r -> script.apply(r.index()).status() / 100 == 2).toList();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
