package dev.citywatch.ingestion.config;

import java.time.Duration;

/**
 * Limits that keep one device, or one attacker, from taking the gateway's time from others.
 *
 * @param messagesPerSecond sustained PUBLISH rate allowed per device (token bucket refill)
 * @param messageBurst PUBLISH burst allowed per device (token bucket size)
 * @param failedLoginsPerAddress failed logins from one address within {@code loginWindow} after
 *     which that address is refused without checking passwords until the window ends
 * @param failedLoginsPerDevice failed logins for one device id within {@code loginWindow} after
 *     which every further attempt for it is slowed down (never blocked, so an attacker cannot
 *     lock a real device out)
 * @param receiveMaximum QoS 1 messages a client may have unacknowledged (MQTT 5 Receive Maximum)
 * @param maxConnections connections this gateway holds at most
 * @param maxConnectionsPerTenant connections of one tenant's devices this gateway holds at most
 * @param connectTimeout how long a new socket may take to send a complete CONNECT before it is
 *     closed (slow or half-open clients hold no resources for long)
 */
public record GatewayLimits(
    double messagesPerSecond, int messageBurst, int failedLoginsPerAddress, int failedLoginsPerDevice, Duration loginWindow,
    int receiveMaximum, int maxConnections, int maxConnectionsPerTenant, Duration connectTimeout) {

  public static final GatewayLimits DEFAULT = new GatewayLimits(20, 100, 10, 5, Duration.ofMinutes(1));

  /** Rates and login limits as given; Receive Maximum 100, 50,000 connections, 20,000 per tenant, 10 s to CONNECT. */
  public GatewayLimits(double messagesPerSecond, int messageBurst, int failedLoginsPerAddress, int failedLoginsPerDevice, Duration loginWindow) {
    this(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow, 100, 50_000, 20_000,
        Duration.ofSeconds(10));
  }

  public GatewayLimits withConnections(int maxConnections, int maxConnectionsPerTenant) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, connectTimeout);
  }

  public GatewayLimits withConnectTimeout(Duration timeout) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, timeout);
  }

  public GatewayLimits {
    if (!(messagesPerSecond > 0)) throw new IllegalArgumentException("messagesPerSecond must be > 0, got " + messagesPerSecond);
    if (messageBurst < 1) throw new IllegalArgumentException("messageBurst must be >= 1, got " + messageBurst);
    if (failedLoginsPerAddress < 1) throw new IllegalArgumentException("failedLoginsPerAddress must be >= 1");
    if (failedLoginsPerDevice < 1) throw new IllegalArgumentException("failedLoginsPerDevice must be >= 1");
    if (receiveMaximum < 1 || receiveMaximum > 65_535) throw new IllegalArgumentException("receiveMaximum must be 1-65535");
    if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1");
    if (maxConnectionsPerTenant < 1) throw new IllegalArgumentException("maxConnectionsPerTenant must be >= 1");
    if (connectTimeout == null || connectTimeout.toSeconds() < 1) {
      throw new IllegalArgumentException("connectTimeout must be at least 1 s");
    }
    if (loginWindow == null || loginWindow.isNegative() || loginWindow.isZero()) {
      throw new IllegalArgumentException("loginWindow must be positive");
    }
  }
}
