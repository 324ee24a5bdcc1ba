package dev.citywatch.alerting.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When to try a failed delivery again: exponential backoff with full jitter (a uniformly random
 * delay between zero and {@code initial × 2^(attempt-1)}, capped at {@code max}), never sooner than
 * the receiver's {@code Retry-After}, and no more attempts once {@code giveUpAfter} has passed since
 * the first one. Full jitter spreads the retries of many alerts to one recovering endpoint instead
 * of sending them all at the same instants.
 */
public record RetryPolicy(Duration initial, Duration max, Duration giveUpAfter) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24));

  public RetryPolicy {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || giveUpAfter.compareTo(initial) < 0) {
      throw new IllegalArgumentException("retry policy needs 0 < initial <= max and initial <= give-up, got "
          + initial + ", " + max + ", " + giveUpAfter);
    }
  }

  /** The upper bound of the jittered delay after failed attempt number {@code attempt} (from 1). */
  public Duration ceiling(int attempt) {
    long cap = max.toMillis();
    long millis = initial.toMillis();
    for (int i = 1; i < attempt && millis < cap; i++) millis *= 2;
    return Duration.ofMillis(Math.min(millis, cap));
  }

  /** The delay before the next attempt after failed attempt {@code attempt}, honouring {@code retryAfter}. */
  public Duration delay(int attempt, Optional<Duration> retryAfter, RandomGenerator random) {
    Duration jittered = Duration.ofMillis(random.nextLong(ceiling(attempt).toMillis() + 1));
    return retryAfter.filter(r -> r.compareTo(jittered) > 0).orElse(jittered);
  }

  /** Whether an attempt at {@code next} would still be within the give-up horizon from {@code first}. */
  public boolean mayRetryAt(Instant first, Instant next) {
    return !next.isAfter(first.plus(giveUpAfter));
  }

  /**
   * A {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3); empty when absent
   * or unreadable. Dates in the past give zero.
   */
  public static Optional<Duration> parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) return Optional.empty();
    String value = header.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
