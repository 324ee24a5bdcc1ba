package dev.citywatch.ingestion.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's meters (Micrometer), named {@code citywatch.gateway.*}; docs/operations.md lists them. */
public final class GatewayMetrics {
  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger inflight = new AtomicInteger();
  private final Counter authFailures;
  private final Counter readsPaused;
  private final Counter throttled;
  private final Counter websocketRefused;
  private final Counter unhandled;
  private final Counter protocolErrors;
  private ConnectionQuota quota;
  private final Timer pubackLatency;

  public GatewayMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("citywatch.gateway.connections", connections, AtomicInteger::get)
        .description("open device connections").register(registry);
    Gauge.builder("citywatch.gateway.inflight", inflight, AtomicInteger::get)
        .description("messages between PUBLISH and their answer, all connections").register(registry);
    this.authFailures = Counter.builder("citywatch.gateway.auth.failures").description("refused logins").register(registry);
    this.readsPaused = Counter.builder("citywatch.gateway.reads.paused")
        .description("times a connection's socket stopped being read because its in-flight window was full").register(registry);
    this.throttled = Counter.builder("citywatch.gateway.publishes.throttled")
        .description("messages held back because their device was over its publish rate (its socket is not read meanwhile)")
        .register(registry);
    this.websocketRefused = Counter.builder("citywatch.gateway.websocket.refused")
        .description("HTTP requests on the WebSocket listener for another path than /mqtt (answered 404)").register(registry);
    this.unhandled = Counter.builder("citywatch.gateway.errors.unhandled")
        .description("exceptions no handler expected (logged at ERROR): each one is a gateway bug").register(registry);
    this.protocolErrors = Counter.builder("citywatch.gateway.protocol.errors")
        .description("malformed or illegal MQTT packets from clients (connections broken by them are closed)").register(registry);
    this.pubackLatency = Timer.builder("citywatch.gateway.puback.latency")
        .description("PUBLISH received to PUBACK sent, QoS 1")
        .publishPercentileHistogram()
        .register(registry);
  }

  /** Publishes how many connection slots the tenant quotas hold (one per logged-in device, released on close). */
  public void watch(ConnectionQuota quota) {
    this.quota = quota;
    Gauge.builder("citywatch.gateway.quota.held", quota, ConnectionQuota::held)
        .description("connection slots held against the tenant quotas").register(registry);
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

  /** A payload refused and dead-lettered: per tenant and reject reason (the DLQ has the device). */
  public void rejected(String tenant, String reason) {
    registry.counter("citywatch.gateway.rejected", "tenant", tenant, "reason", reason).increment();
  }

  /** A connection closed by the gateway, with why (e.g. {@code rate_limited}, {@code qos2}). */
  public void closedByGateway(String why) {
    registry.counter("citywatch.gateway.closed", "reason", why).increment();
  }

  public void pubackSent(Duration sincePublish) {
    pubackLatency.record(sincePublish);
  }

  void inflightAdded(int delta) {
    inflight.addAndGet(delta);
  }

  void readsPaused() {
    readsPaused.increment();
  }

  void websocketRefused() {
    websocketRefused.increment();
  }

  public double websocketRefusals() {
    return websocketRefused.count();
  }

  void throttled() {
    throttled.increment();
  }

  /** Messages held back so far because their device was over its publish rate. */
  public double throttledPublishes() {
    return throttled.count();
  }

  /** Messages accepted into Kafka so far, all QoS. */
  public double accepted() {
    return registry.find("citywatch.gateway.publishes").tag("outcome", "accepted").counters().stream().mapToDouble(Counter::count).sum();
  }

  public void protocolError() {
    protocolErrors.increment();
  }

  public double protocolErrors() {
    return protocolErrors.count();
  }

  public void unhandledError() {
    unhandled.increment();
  }

  public double unhandledErrors() {
    return unhandled.count();
  }

  /** Connection slots held against the tenant quotas; equals {@link #connections()} unless a slot leaked. */
  public int quotaHeld() {
    return quota == null ? 0 : quota.held();
  }

  public int connections() {
    return connections.get();
  }

  /** Messages in flight now, all connections. */
  public int inflight() {
    return inflight.get();
  }

  public double pausedReads() {
    return readsPaused.count();
  }
}
