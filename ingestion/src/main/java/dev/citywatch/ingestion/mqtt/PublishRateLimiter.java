package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.config.GatewayLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** A token bucket per device: {@code messageBurst} tokens, refilled at {@code messagesPerSecond}. */
public final class PublishRateLimiter {
  private final GatewayLimits limits;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long refilledAt;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAt = now;
    }
  }

  public PublishRateLimiter(GatewayLimits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
  }

  /** Takes one token for {@code deviceKey}; false when the device is over its rate. */
  public boolean tryAcquire(String deviceKey) {
    long now = nanoTime.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(deviceKey, k -> new Bucket(limits.messageBurst(), now));
    synchronized (bucket) {
      double refill = (now - bucket.refilledAt) / 1e9 * limits.messagesPerSecond();
      bucket.tokens = Math.min(limits.messageBurst(), bucket.tokens + refill);
      bucket.refilledAt = now;
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    }
  }

  /** Forgets a device's bucket when its last connection closed. */
  public void forget(String deviceKey) {
    buckets.remove(deviceKey);
  }
}
