package dev.citywatch.alerting.webhook;

import dev.citywatch.alerting.subscription.Subscriber;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes one signed POST of a payload to a subscriber and reports what came of it; it never
 * throws or fails its future, because a failed attempt is an ordinary {@link AttemptResult}.
 * Connecting may take {@code connectTimeout}; the whole exchange, body included,
 * {@code requestTimeout}; then the request is reset.
 */
public final class WebhookClient {
  public static final String USER_AGENT = "CityWatch/" + Version.CURRENT;
  private static final int EXCERPT = 512;

  private final Vertx vertx;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final Clock clock;

  public WebhookClient(Vertx vertx, Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this.vertx = vertx;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
    // Connections are pooled per origin: a slow endpoint holds only its own connections.
    this.http = vertx.createHttpClient(
        new HttpClientOptions().setConnectTimeout((int) connectTimeout.toMillis()).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(8));
  }

  public Future<AttemptResult> post(Subscriber subscriber, Delivery delivery, Payload payload, Instant signedAt) {
    URI url = subscriber.subscription().url();
    boolean tls = "https".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(url.getHost()).setPort(port)
        .setSsl(tls).setURI(path);
    subscriber.subscription().headers().forEach(options::putHeader);
    options.putHeader("Content-Type", payload.contentType() + "; charset=utf-8")
        .putHeader("User-Agent", USER_AGENT)
        .putHeader(Signature.HEADER, Signature.header(subscriber.secrets(), signedAt, payload.body()))
        .putHeader("Idempotency-Key", delivery.idempotencyKey())
        .putHeader("X-CityWatch-Event", delivery.event())
        .putHeader("X-CityWatch-Delivery", UUID.randomUUID().toString());

    long started = System.nanoTime();
    Promise<AttemptResult> result = Promise.promise();
    HttpClientRequest[] sent = new HttpClientRequest[1];
    long timer = vertx.setTimer(requestTimeout.toMillis(), t -> {
      if (sent[0] != null) sent[0].reset();
      result.tryComplete(AttemptResult.noResponse(since(started), "timed out after " + requestTimeout.toSeconds() + " s"));
    });
    http.request(options)
        .compose(request -> {
          sent[0] = request;
          return request.send(Buffer.buffer(payload.body()));
        })
        .compose(response -> response.body().map(body -> new AttemptResult(response.statusCode(), since(started),
            RetryPolicy.parseRetryAfter(response.getHeader("Retry-After"), clock.instant()), "", excerpt(body))))
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          result.tryComplete(ar.succeeded() ? ar.result() : AttemptResult.noResponse(since(started), describe(ar.cause())));
        });
    return result.future();
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static String excerpt(Buffer body) {
    String text = body.toString(StandardCharsets.UTF_8);
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT);
  }

  private static Duration since(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  public Future<Void> close() {
    return http.close();
  }
}
