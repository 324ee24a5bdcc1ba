package dev.citywatch.model.decode;

import java.time.Duration;

/**
 * Bounds that keep one bad or hostile payload from costing much.
 *
 * @param maxPayloadBytes larger payloads are refused before parsing
 * @param maxNestingDepth deepest allowed JSON nesting (both formats need 3 at most)
 * @param maxReadings most readings in one message (a seismic pack holds 100 per second)
 * @param maxFutureSkew how far ahead of the gateway clock an event time may be
 */
public record DecodeLimits(int maxPayloadBytes, int maxNestingDepth, int maxReadings, Duration maxFutureSkew) {
  public static final DecodeLimits DEFAULT = new DecodeLimits(64 * 1024, 8, 1_000, Duration.ofMinutes(5));

  public DecodeLimits {
    if (maxPayloadBytes < 64) {
      throw new IllegalArgumentException("maxPayloadBytes must be >= 64, got " + maxPayloadBytes);
    }
    if (maxNestingDepth < 3) {
      throw new IllegalArgumentException("maxNestingDepth must be >= 3, got " + maxNestingDepth);
    }
    if (maxReadings < 1) {
      throw new IllegalArgumentException("maxReadings must be >= 1, got " + maxReadings);
    }
    if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must be >= 0");
    }
  }
}
