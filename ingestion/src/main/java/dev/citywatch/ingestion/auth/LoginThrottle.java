package dev.citywatch.ingestion.auth;

import dev.citywatch.ingestion.config.GatewayLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per source address and per device id in fixed windows. An address over its
 * limit is refused outright (no password hash is spent on it); a device id over its limit is only
 * slowed down, doubling per further failure up to {@link #MAX_DELAY}, so guessing its password
 * takes long while the real device can still get in from its own address.
 */
public final class LoginThrottle {
  static final Duration MAX_DELAY = Duration.ofSeconds(2);
  private static final Duration BASE_DELAY = Duration.ofMillis(50);
  /** Bounds memory under an attack from many addresses; expired windows are purged first. */
  private static final int MAX_TRACKED = 100_000;

  private final GatewayLimits limits;
  private final Clock clock;
  private final Map<String, Window> byAddress = new ConcurrentHashMap<>();
  private final Map<String, Window> byDevice = new ConcurrentHashMap<>();

  private record Window(long startMillis, int failures) {}

  public LoginThrottle(GatewayLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  public boolean isBlocked(String address) {
    return failures(byAddress, address) >= limits.failedLoginsPerAddress();
  }

  /** How long to wait before checking a password for {@code username}. */
  public Duration delayFor(String username) {
    int over = failures(byDevice, username) - limits.failedLoginsPerDevice();
    if (over < 0) return Duration.ZERO;
    Duration delay = BASE_DELAY.multipliedBy(1L << Math.min(over, 10));
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  public void failed(String address, String username) {
    record(byAddress, address);
    record(byDevice, username);
  }

  private int failures(Map<String, Window> map, String key) {
    Window w = map.get(key);
    return w == null || expired(w) ? 0 : w.failures();
  }

  private void record(Map<String, Window> map, String key) {
    if (map.size() >= MAX_TRACKED) {
      map.values().removeIf(this::expired);
    }
    long now = clock.millis();
    map.compute(key, (k, w) -> w == null || expired(w) ? new Window(now, 1) : new Window(w.startMillis(), w.failures() + 1));
  }

  private boolean expired(Window w) {
    return clock.millis() - w.startMillis() >= limits.loginWindow().toMillis();
  }
}
