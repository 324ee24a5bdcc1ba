package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.config.GatewayLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per device: {@code messageBurst} tokens, refilled at {@code messagesPerSecond}.
 *
 * <p>A device over its rate is slowed, not cut off: {@link #admit} reserves the next token and
 * says how long to wait for it, and the gateway stops reading that device's socket meanwhile.
 * A device coming back from an outage with a queue of readings thus drains it at the allowed rate
 * (cutting it off made it reconnect and resend the same queue for good). Only a device that has
 * been over its rate without a break for {@code rateAbuseAfter} is called abusive.
 */
public final class PublishRateLimiter {
  /** Handle the message now. */
  public static final Admission NOW = new Admission(0, false);
  private static final Admission ABUSIVE = new Admission(0, true);
  private static final long NOT_THROTTLED = Long.MIN_VALUE;

  private final GatewayLimits limits;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * What to do with one PUBLISH.
   *
   * @param waitNanos how long to hold the message (and stop reading the socket) before handling it
   * @param abusive the device has been over its rate for longer than allowed: disconnect it
   */
  public record Admission(long waitNanos, boolean abusive) {}

  private static final class Bucket {
    double tokens;
    long refilledAt;
    long throttledSince = NOT_THROTTLED;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  public PublishRateLimiter(GatewayLimits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
  }

  /** Takes (or reserves) one token for {@code deviceKey}. */
  public Admission admit(String deviceKey) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(deviceKey, k -> new Bucket(limits.messageBurst(), now));
    synchronized (bucket) {
      double rate = limits.messagesPerSecond();
      bucket.tokens = Math.min(limits.messageBurst(), bucket.tokens + (now - bucket.refilledAt) / 1e9 * rate);
      bucket.refilledAt = now;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        bucket.throttledSince = NOT_THROTTLED;
        return NOW;
      }
      if (bucket.throttledSince == NOT_THROTTLED) {
        bucket.throttledSince = now;
      } else if (now - bucket.throttledSince >= limits.rateAbuseAfter().toNanos()) {
        return ABUSIVE;
      }
      bucket.tokens -= 1; // below zero: a reservation, paid back by the refill while the message waits
      return new Admission((long) Math.ceil(-bucket.tokens / rate * 1e9), false);
    }
  }
}
