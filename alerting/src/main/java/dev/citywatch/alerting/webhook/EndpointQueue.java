package dev.citywatch.alerting.webhook;

import dev.citywatch.alerting.subscription.Subscriber;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one subscriber is owed, sent in arrival order with up to {@value #IN_FLIGHT} requests at once;
 * only the oldest owed step of each alert may be sent, and only while no other step of it is in
 * flight, so an alert's steps arrive in order (never RESOLVED before its FIRING) while unrelated
 * alerts pass, also one waiting for a retry. Each subscriber has its own queue and circuit breaker,
 * so a slow or dead endpoint only ever waits on itself. Runs on the service's event loop.
 */
final class EndpointQueue {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointQueue.class);
  /** Highest version seen per alert, to recognise replays of steps already handled; bounded. */
  private static final int REMEMBERED_ALERTS = 50_000;
  /**
   * Requests in flight per subscriber, as many as the client pools connections per origin: one at a
   * time, a burst of alerts (a typhoon's, or those owed after an outage) queued behind each one's
   * round trip and journal write (~20 ms warm, far more on a slow endpoint).
   */
  static final int IN_FLIGHT = 8;

  private final Subscriber subscriber;
  private final DeliveryServices services;
  private final CircuitBreaker breaker;
  private final List<Delivery> owed = new ArrayList<>();
  private final Map<String, Long> highestVersion = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED_ALERTS;
    }
  };
  /** Keys offered but not yet in the journal: a replay of one of them writes it again. */
  private final Set<String> unsaved = new HashSet<>();
  /** Alerts with a step in flight. */
  private final Set<String> inFlight = new HashSet<>();
  private long timer = -1;
  private boolean closed;

  EndpointQueue(Subscriber subscriber, DeliveryServices services, CircuitBreaker breaker) {
    this.subscriber = subscriber;
    this.services = services;
    this.breaker = breaker;
  }

  int depth() {
    return owed.size();
  }

  /** A delivery restored from the journal at start-up: owed already, nothing to write. */
  void restore(Delivery d) {
    owed.add(d);
    highestVersion.merge(d.alert().alertId(), d.alert().version(), Math::max);
  }

  /**
   * Takes a new alert step; the future completes once it is durably owed (in the journal), or at
   * once when it is a replay of a step this queue already has or has had.
   */
  Future<Void> offer(Delivery d) {
    Long highest = highestVersion.get(d.alert().alertId());
    if (unsaved.contains(d.key())) {
      Delivery current = owed.stream().filter(o -> o.key().equals(d.key())).findFirst().orElse(d);
      return save(current);
    }
    if (highest != null && highest >= d.alert().version()) {
      LOG.debug("[subscription={} key={}] already owed or handled; replay ignored", subscriber.id(), d.idempotencyKey());
      return Future.succeededFuture();
    }
    highestVersion.put(d.alert().alertId(), d.alert().version());
    owed.add(d);
    unsaved.add(d.key());
    Future<Void> saved = save(d);
    pump();
    return saved;
  }

  private Future<Void> save(Delivery d) {
    return services.journal().save(services.context(), d).onSuccess(v -> unsaved.remove(d.key()));
  }

  void pump() {
    // A half-open circuit lets one trial request through; the breaker would refuse the rest.
    int room = breaker.state() == CircuitBreakerState.HALF_OPEN ? 1 : IN_FLIGHT;
    if (closed || inFlight.size() >= room) return;
    if (timer >= 0) {
      services.vertx().cancelTimer(timer);
      timer = -1;
    }
    Instant now = services.clock().instant();
    List<Delivery> due = new ArrayList<>();
    Instant earliest = null;
    Set<String> seen = new HashSet<>(inFlight);
    for (Delivery d : owed) {
      if (due.size() + inFlight.size() == room) break;
      if (!seen.add(d.alert().alertId())) continue;
      if (!d.notBefore().isAfter(now)) {
        due.add(d);
      } else {
        earliest = earliest == null || d.notBefore().isBefore(earliest) ? d.notBefore() : earliest;
      }
    }
    if (!due.isEmpty() && breaker.state() == CircuitBreakerState.OPEN) {
      if (inFlight.isEmpty()) wakeAt(now.plus(services.breakerReset()), now);
    } else {
      due.forEach(d -> inFlight.add(d.alert().alertId())); // before any attempt can end and pump again
      due.forEach(d -> attempt(d, now));
      // A full queue is pumped again as each attempt ends; otherwise wake for the next retry.
      if (inFlight.size() < room && earliest != null) wakeAt(earliest, now);
    }
  }

  private void wakeAt(Instant at, Instant now) {
    long delay = Math.max(1, Duration.between(now, at).toMillis());
    timer = services.vertx().setTimer(delay, t -> {
      timer = -1;
      pump();
    });
  }

  private void attempt(Delivery d, Instant now) {
    Payload payload = services.payloads().build(subscriber, d, now);
    breaker.<AttemptResult>execute(promise -> services.client().post(subscriber, d, payload, now).onSuccess(r -> {
      if (r.outcome() == AttemptResult.Outcome.RETRY) {
        promise.fail(new RetriableAttempt(r));
      } else {
        promise.complete(r);
      }
    })).recover(e -> e instanceof RetriableAttempt retry ? Future.succeededFuture(retry.result)
        : Future.succeededFuture(AttemptResult.noResponse(Duration.ZERO, "circuit open: " + e.getMessage())))
        .compose(r -> settle(d, r))
        .onComplete(ar -> {
          if (ar.failed() && closed) {
            LOG.debug("[subscription={} key={}] outcome not recorded while closing; still owed in the journal", subscriber.id(),
                d.idempotencyKey());
          } else if (ar.failed()) {
            LOG.error("[subscription={} key={}] could not record the outcome, will try again: {}", subscriber.id(),
                d.idempotencyKey(), ar.cause().toString());
            replace(d, d.notBefore(services.clock().instant().plusSeconds(5)));
          }
          inFlight.remove(d.alert().alertId());
          pump();
        });
  }

  private Future<Void> settle(Delivery d, AttemptResult r) {
    Instant now = services.clock().instant();
    return switch (r.outcome()) {
      case DELIVERED -> {
        services.log().attempted(DeliveryAttempt.of(d, r, DeliveryAttempt.DELIVERED, now));
        owed.remove(d);
        yield services.journal().settle(services.context(), d);
      }
      case FINAL -> deadLetter(d, r, "final status " + r.status() + ": not retried", now);
      case RETRY -> {
        Instant next = now.plus(services.retry().delay(d.attempts() + 1, r.retryAfter(), services.random()));
        Instant first = d.firstAttemptAt() == null ? now : d.firstAttemptAt();
        if (!services.retry().mayRetryAt(first, next)) {
          yield deadLetter(d, r, "gave up after " + (d.attempts() + 1) + " attempts over " + services.retry().giveUpAfter(), now);
        }
        services.log().attempted(DeliveryAttempt.of(d, r, DeliveryAttempt.RETRY, now));
        LOG.info("[subscription={} key={} attempt={}] {}; next attempt in {} ms", subscriber.id(), d.idempotencyKey(),
            d.attempts() + 1, r.describe(), Duration.between(now, next).toMillis());
        Delivery later = d.failedAttempt(now, next);
        replace(d, later);
        yield services.journal().save(services.context(), later);
      }
    };
  }

  private Future<Void> deadLetter(Delivery d, AttemptResult r, String reason, Instant now) {
    LOG.warn("[subscription={} key={}] dead-lettered: {} ({})", subscriber.id(), d.idempotencyKey(), reason, r.describe());
    return services.deadLetters().write(services.context(), d, r, reason, now).compose(v -> {
      services.log().attempted(DeliveryAttempt.of(d, r, DeliveryAttempt.DEAD_LETTER, now));
      owed.remove(d);
      return services.journal().settle(services.context(), d);
    });
  }

  private void replace(Delivery old, Delivery updated) {
    int i = owed.indexOf(old);
    if (i >= 0) owed.set(i, updated);
  }

  void close() {
    closed = true;
    if (timer >= 0) services.vertx().cancelTimer(timer);
  }

  /** Carries a retriable answer through the circuit breaker, which counts it as a failure. */
  private static final class RetriableAttempt extends RuntimeException {
    private final transient AttemptResult result;

    RetriableAttempt(AttemptResult result) {
      super(result.describe(), null, false, false);
      this.result = result;
    }
  }
}
