package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.auth.LoginThrottle;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * What every MQTT verticle instance and connection of one gateway shares: limits and client ids
 * are per gateway, not per event loop.
 *
 * @param accepting false once the gateway is shutting down: new connections are refused
 */
public record GatewayServices(
    GatewayConfig config,
    MessagePipeline pipeline,
    GatewayMetrics metrics,
    Clock clock,
    LoginThrottle throttle,
    PublishRateLimiter rateLimiter,
    SessionRegistry sessions,
    ConnectionQuota quota,
    BooleanSupplier accepting) {

  public GatewayLimits limits() {
    return config.gatewayLimits();
  }

  /** Largest MQTT packet accepted: room for the largest payload plus topic and properties. */
  public int maxPacketSize() {
    return config.limits().maxPayloadBytes() * 2;
  }

  ServerCapabilities capabilities() {
    return new ServerCapabilities(limits().receiveMaximum(), maxPacketSize());
  }
}
