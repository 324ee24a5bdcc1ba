package dev.citywatch.ingestion.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's meters (Micrometer), named {@code citywatch.gateway.*}. */
public final class GatewayMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final Counter authFailures;
  private final Timer pubackLatency;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    registry.gauge("citywatch.gateway.connections", connections);
    this.authFailures = registry.counter("citywatch.gateway.auth.failures");
    this.pubackLatency = Timer.builder("citywatch.gateway.puback.latency")
        .description("PUBLISH received to PUBACK sent, QoS 1")
        .publishPercentileHistogram()
        .register(registry);
  }

  public void connected() {
    connections.incrementAndGet();
  }

  public void disconnected() {
    connections.decrementAndGet();
  }

  public void authFailure() {
    authFailures.increment();
  }

  /** One PUBLISH handled: {@code outcome} is {@code accepted} or a refusal name in lower case. */
  public void published(int qos, String outcome) {
    registry.counter("citywatch.gateway.publishes", "qos", Integer.toString(qos), "outcome", outcome).increment();
  }

  public void pubackSent(Duration sincePublish) {
    pubackLatency.record(sincePublish);
  }

  /** Messages accepted into Kafka so far, all QoS. */
  public double accepted() {
    return registry.find("citywatch.gateway.publishes").tag("outcome", "accepted").counters().stream().mapToDouble(Counter::count).sum();
  }

  public int connections() {
    return connections.get();
  }
}
