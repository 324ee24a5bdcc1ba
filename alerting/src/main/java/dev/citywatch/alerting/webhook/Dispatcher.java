package dev.citywatch.alerting.webhook;

import dev.citywatch.alerting.subscription.Subscriber;
import dev.citywatch.alerting.subscription.SubscriptionDirectory;
import dev.citywatch.model.Alert;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands each alert step to the queue of every subscriber that wants it. Runs on the service's event loop. */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private final SubscriptionDirectory directory;
  private final DeliveryServices services;
  private final Map<String, EndpointQueue> queues = new LinkedHashMap<>();

  /** @param breakerFailures consecutive failed attempts that open an endpoint's circuit */
  public Dispatcher(SubscriptionDirectory directory, DeliveryServices services, int breakerFailures) {
    this.directory = directory;
    this.services = services;
    for (Subscriber s : directory.all()) {
      CircuitBreaker breaker = CircuitBreaker.create("webhook-" + s.id(), services.vertx(), new CircuitBreakerOptions()
          .setMaxFailures(breakerFailures).setTimeout(-1).setResetTimeout(services.breakerReset().toMillis()));
      breaker.openHandler(v -> LOG.warn("[subscription={}] circuit open after {} failures in a row", s.id(), breakerFailures))
          .closeHandler(v -> LOG.info("[subscription={}] circuit closed", s.id()));
      queues.put(s.id(), new EndpointQueue(s, services, breaker));
    }
  }

  /** Deliveries still owed from before a restart; each goes back to its queue (unknown subscriptions are dropped, logged). */
  public void restore(List<Delivery> owed) {
    for (Delivery d : owed) {
      EndpointQueue q = queues.get(d.subscriptionId());
      if (q == null) {
        LOG.warn("[subscription={} key={}] owed delivery dropped: the subscription no longer exists", d.subscriptionId(), d.idempotencyKey());
      } else {
        q.restore(d);
      }
    }
    queues.values().forEach(EndpointQueue::pump);
  }

  /** Completes when {@code alert} is durably owed to every subscriber that wants it. */
  public Future<Void> accept(Alert alert, Instant appendedAt) {
    List<Future<Void>> saved = new ArrayList<>();
    for (Subscriber s : directory.matching(alert)) {
      saved.add(queues.get(s.id()).offer(Delivery.of(s.id(), alert, appendedAt, services.clock().instant())));
    }
    return Future.all(saved).mapEmpty();
  }

  /** Deliveries owed to one subscription (waiting or being retried), for its metric. */
  public int depth(String subscriptionId) {
    EndpointQueue q = queues.get(subscriptionId);
    return q == null ? 0 : q.depth();
  }

  public void close() {
    queues.values().forEach(EndpointQueue::close);
  }
}
