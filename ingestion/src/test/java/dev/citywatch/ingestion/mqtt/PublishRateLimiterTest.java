package dev.citywatch.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PublishRateLimiterTest {
  private final AtomicLong nanos = new AtomicLong();
  private final PublishRateLimiter limiter = new PublishRateLimiter(new GatewayLimits(2, 5, 10, 5, Duration.ofMinutes(1)), nanos::get);

  @Test
  void allowsTheBurstThenTheSustainedRate() {
    for (int i = 0; i < 5; i++) assertThat(limiter.tryAcquire("wonju/a")).isTrue();
    assertThat(limiter.tryAcquire("wonju/a")).isFalse();
    nanos.addAndGet(Duration.ofMillis(500).toNanos()); // 2/s refills one token in 0.5 s
    assertThat(limiter.tryAcquire("wonju/a")).isTrue();
    assertThat(limiter.tryAcquire("wonju/a")).isFalse();
  }

  @Test
  void devicesHaveTheirOwnBuckets() {
    for (int i = 0; i < 5; i++) limiter.tryAcquire("wonju/a");
    assertThat(limiter.tryAcquire("wonju/a")).isFalse();
    assertThat(limiter.tryAcquire("wonju/b")).isTrue();
  }

  @Test
  void neverHoldsMoreThanTheBurst() {
    nanos.addAndGet(Duration.ofHours(1).toNanos());
    int allowed = 0;
    while (limiter.tryAcquire("wonju/a")) allowed++;
    assertThat(allowed).isEqualTo(5);
  }
}
