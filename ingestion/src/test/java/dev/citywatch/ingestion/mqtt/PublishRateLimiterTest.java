package dev.citywatch.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.ingestion.mqtt.PublishRateLimiter.Admission;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublishRateLimiterTest {
  private static final long MS = 1_000_000;
  private final AtomicLong nanos = new AtomicLong();
  private final PublishRateLimiter limiter = new PublishRateLimiter(
      new GatewayLimits(2, 5, 10, 5, Duration.ofMinutes(1)).withRateAbuseAfter(Duration.ofSeconds(10)), nanos::get);

  @Test
  void theBurstGoesAtOnceAndTheNextMessageWaitsForItsToken() {
    for (int i = 0; i < 5; i++) assertThat(limiter.admit("wonju/a")).isEqualTo(PublishRateLimiter.NOW);
    Admission sixth = limiter.admit("wonju/a");
    assertThat(sixth.abusive()).isFalse();
    assertThat(sixth.waitNanos()).as("2/s: the next token in 0.5 s").isEqualTo(500 * MS);
  }

  @Test
  void aBacklogDrainsAtTheSustainedRateWithoutBeingCalledAbusive() {
    for (int i = 0; i < 5; i++) limiter.admit("wonju/a");
    // The gateway reads the next message only after the previous one's wait: 2 per second.
    for (int i = 0; i < 15; i++) {
      Admission a = limiter.admit("wonju/a");
      assertThat(a.abusive()).as("message %d of the backlog", i).isFalse();
      assertThat(a.waitNanos()).isEqualTo(500 * MS);
      nanos.addAndGet(a.waitNanos());
    }
    nanos.addAndGet(Duration.ofSeconds(1).toNanos()); // the backlog is gone; live readings again
    assertThat(limiter.admit("wonju/a")).as("a break ends the throttled streak").isEqualTo(PublishRateLimiter.NOW);
  }

  @Test
  void aDeviceOverItsRateWithoutABreakForLongerThanAllowedIsAbusive() {
    for (int i = 0; i < 5; i++) limiter.admit("wonju/a");
    long throttled = 0;
    Admission a = limiter.admit("wonju/a");
    while (!a.abusive()) {
      nanos.addAndGet(a.waitNanos());
      throttled += a.waitNanos();
      a = limiter.admit("wonju/a");
    }
    assertThat(Duration.ofNanos(throttled)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void devicesHaveTheirOwnBuckets() {
    for (int i = 0; i < 5; i++) limiter.admit("wonju/a");
    assertThat(limiter.admit("wonju/a").waitNanos()).isPositive();
    assertThat(limiter.admit("wonju/b")).isEqualTo(PublishRateLimiter.NOW);
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    nanos.addAndGet(Duration.ofHours(1).toNanos());
    int now = 0;
    while (limiter.admit("wonju/a").equals(PublishRateLimiter.NOW)) now++;
    assertThat(now).isEqualTo(5);
  }
}
