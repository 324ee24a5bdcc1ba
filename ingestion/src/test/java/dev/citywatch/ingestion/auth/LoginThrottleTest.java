package dev.citywatch.ingestion.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private Instant now = Instant.parse("2026-11-24T10:00:00Z");
  private final Clock clock = new Clock() {
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    public Instant instant() {
      return now;
    }
  };
  private final LoginThrottle throttle = new LoginThrottle(new GatewayLimits(20, 100, 3, 2, Duration.ofMinutes(1)), clock);

  @Test
  void blocksAnAddressAfterItsLimitUntilTheWindowEnds() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.isBlocked("10.0.0.1")).isFalse();
      throttle.failed("10.0.0.1", "wonju-rg-001@wonju");
    }
    assertThat(throttle.isBlocked("10.0.0.1")).isTrue();
    assertThat(throttle.isBlocked("10.0.0.2")).isFalse();
    now = now.plusSeconds(61);
    assertThat(throttle.isBlocked("10.0.0.1")).isFalse();
  }

  @Test
  void slowsADeviceIdDownWithoutBlockingIt() {
    assertThat(throttle.delayFor("wonju-rg-001@wonju")).isZero();
    throttle.failed("10.0.0.1", "wonju-rg-001@wonju");
    throttle.failed("10.0.0.2", "wonju-rg-001@wonju");
    assertThat(throttle.delayFor("wonju-rg-001@wonju")).isEqualTo(Duration.ofMillis(50));
    throttle.failed("10.0.0.3", "wonju-rg-001@wonju");
    assertThat(throttle.delayFor("wonju-rg-001@wonju")).isEqualTo(Duration.ofMillis(100));
    for (int i = 0; i < 20; i++) throttle.failed("10.0.1." + i, "wonju-rg-001@wonju");
    assertThat(throttle.delayFor("wonju-rg-001@wonju")).isEqualTo(LoginThrottle.MAX_DELAY);
    assertThat(throttle.delayFor("wonju-rg-002@wonju")).isZero();
  }
}
