package dev.citywatch.ingestion.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
 * @param receiveMaximum messages one connection may have between PUBLISH and its answer (MQTT 5
 *     Receive Maximum for QoS 1); at this bound the gateway stops reading from the socket
 * @param maxConnections connections this gateway holds at most
 * @param maxConnectionsPerTenant connections of one tenant's devices this gateway holds at most
 * @param connectTimeout how long a new socket may take to send a complete CONNECT before it is
 *     closed (slow or half-open clients hold no resources for long)
 * @param maxTopicLength longest topic name accepted in a PUBLISH, in characters
 * @param maxRefusedPublishes refused publishes (foreign or malformed topics) one connection may
 *     make before it is closed
 * @param rateAbuseAfter how long a device may stay over its publish rate without a break before
 *     it is disconnected (DISCONNECT 0x96); until then it is only slowed down, so a device draining
 *     a backlog after an outage (an hour of 1 Hz readings takes three minutes at 20 msg/s) gets
 *     through, while one that floods for good is cut off
 */
public record GatewayLimits(
    double messagesPerSecond, int messageBurst, int failedLoginsPerAddress, int failedLoginsPerDevice, Duration loginWindow,
    int receiveMaximum, int maxConnections, int maxConnectionsPerTenant, Duration connectTimeout, int maxTopicLength,
    int maxRefusedPublishes, Duration rateAbuseAfter) {

  public static final GatewayLimits DEFAULT = new GatewayLimits(20, 100, 10, 5, Duration.ofMinutes(1));

  /**
   * Rates and login limits as given; Receive Maximum 100, 50,000 connections, 20,000 per tenant,
   * 10 s to CONNECT, topics up to 256 characters, 10 refused publishes per connection, over the
   * publish rate for 5 minutes without a break before a device is disconnected.
   */
  public GatewayLimits(double messagesPerSecond, int messageBurst, int failedLoginsPerAddress, int failedLoginsPerDevice, Duration loginWindow) {
    this(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow, 100, 50_000, 20_000,
        Duration.ofSeconds(10), 256, 10, Duration.ofMinutes(5));
  }

  public GatewayLimits {
    List<String> problems = new ArrayList<>();
    if (!(messagesPerSecond > 0)) problems.add("messagesPerSecond must be > 0, got " + messagesPerSecond);
    if (messageBurst < 1) problems.add("messageBurst must be >= 1, got " + messageBurst);
    if (failedLoginsPerAddress < 1) problems.add("failedLoginsPerAddress must be >= 1, got " + failedLoginsPerAddress);
    if (failedLoginsPerDevice < 1) problems.add("failedLoginsPerDevice must be >= 1, got " + failedLoginsPerDevice);
    if (loginWindow == null || loginWindow.isNegative() || loginWindow.isZero()) problems.add("loginWindow must be positive");
    if (receiveMaximum < 1 || receiveMaximum > 65_535) problems.add("receiveMaximum must be 1-65535, got " + receiveMaximum);
    if (maxConnections < 1) problems.add("maxConnections must be >= 1, got " + maxConnections);
    if (maxConnectionsPerTenant < 1) problems.add("maxConnectionsPerTenant must be >= 1, got " + maxConnectionsPerTenant);
    if (connectTimeout == null || connectTimeout.toSeconds() < 1) problems.add("connectTimeout must be at least 1 s");
    if (maxTopicLength < 32 || maxTopicLength > 65_535) problems.add("maxTopicLength must be 32-65535, got " + maxTopicLength);
    if (maxRefusedPublishes < 1) problems.add("maxRefusedPublishes must be >= 1, got " + maxRefusedPublishes);
    if (rateAbuseAfter == null || rateAbuseAfter.isNegative() || rateAbuseAfter.isZero()) problems.add("rateAbuseAfter must be positive");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid gateway limits: " + String.join("; ", problems));
    }
  }

  public GatewayLimits withPublishRate(double messagesPerSecond, int messageBurst) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, connectTimeout, maxTopicLength, maxRefusedPublishes, rateAbuseAfter);
  }

  public GatewayLimits withConnections(int maxConnections, int maxConnectionsPerTenant) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, connectTimeout, maxTopicLength, maxRefusedPublishes, rateAbuseAfter);
  }

  public GatewayLimits withConnectTimeout(Duration timeout) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, timeout, maxTopicLength, maxRefusedPublishes, rateAbuseAfter);
  }

  public GatewayLimits withReceiveMaximum(int receiveMaximum) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, connectTimeout, maxTopicLength, maxRefusedPublishes, rateAbuseAfter);
  }

  public GatewayLimits withRefusedPublishes(int maxRefusedPublishes) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, connectTimeout, maxTopicLength, maxRefusedPublishes, rateAbuseAfter);
  }

  public GatewayLimits withRateAbuseAfter(Duration rateAbuseAfter) {
    return new GatewayLimits(messagesPerSecond, messageBurst, failedLoginsPerAddress, failedLoginsPerDevice, loginWindow,
        receiveMaximum, maxConnections, maxConnectionsPerTenant, connectTimeout, maxTopicLength, maxRefusedPublishes, rateAbuseAfter);
  }
}
