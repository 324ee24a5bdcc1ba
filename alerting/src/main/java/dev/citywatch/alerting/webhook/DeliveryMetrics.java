package dev.citywatch.alerting.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus view of the delivery log: attempts by subscription and outcome, request latency, and
 * the age of an alert step when delivered (sensor reading to receiver's 2xx).
 */
public final class DeliveryMetrics implements DeliveryLog {
  private final MeterRegistry registry;

  public DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void attempted(DeliveryAttempt a) {
    Counter.builder("citywatch.alerting.deliveries").description("webhook delivery attempts")
        .tag("subscription", a.subscription()).tag("outcome", a.outcome()).register(registry).increment();
    Timer.builder("citywatch.alerting.request.latency").description("webhook request to response")
        .tag("subscription", a.subscription()).publishPercentileHistogram().register(registry)
        .record(a.latency().toNanos(), TimeUnit.NANOSECONDS);
    if (DeliveryAttempt.DELIVERED.equals(a.outcome())) {
      Timer.builder("citywatch.alerting.alert.age").description("sensor reading to webhook delivered")
          .tag("subscription", a.subscription()).publishPercentileHistogram().register(registry)
          .record(Math.max(0, a.sinceEvent().toMillis()), TimeUnit.MILLISECONDS);
    }
  }
}
