package dev.citywatch.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = RetryPolicy.DEFAULT;

  @Test
  void theCeilingDoublesFromOneSecondAndStopsAtTenMinutes() {
    assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(policy.ceiling(10)).isEqualTo(Duration.ofSeconds(512));
    assertThat(policy.ceiling(11)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.ceiling(500)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void delaysAreFullJitterSpreadOverTheWholeRangeBelowTheCeiling() {
    SplittableRandom random = new SplittableRandom(1);
    long below = 0;
    long above = 0;
    for (int i = 0; i < 10_000; i++) {
      long d = policy.delay(4, Optional.empty(), random).toMillis();
      assertThat(d).isBetween(0L, 8_000L);
      if (d < 2_000) below++;
      if (d > 6_000) above++;
    }
    assertThat(below).as("a quarter of the range").isBetween(2_200L, 2_800L);
    assertThat(above).as("a quarter of the range").isBetween(2_200L, 2_800L);
  }

  @Test
  void aRetryAfterLongerThanTheJitterWins() {
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 1000; i++) {
      assertThat(policy.delay(1, Optional.of(Duration.ofSeconds(2)), random)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2026-11-25T03:00:00Z");
    assertThat(RetryPolicy.parseRetryAfter("120", now)).contains(Duration.ofSeconds(120));
    assertThat(RetryPolicy.parseRetryAfter("Wed, 25 Nov 2026 03:00:30 GMT", now)).contains(Duration.ofSeconds(30));
    assertThat(RetryPolicy.parseRetryAfter("Wed, 25 Nov 2026 02:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryPolicy.parseRetryAfter("soon", now)).isEmpty();
    assertThat(RetryPolicy.parseRetryAfter(null, now)).isEmpty();
  }

  @Test
  void noAttemptIsMadeOnceTheGiveUpHorizonHasPassed() {
    Instant first = Instant.parse("2026-11-25T00:00:00Z");
    assertThat(policy.mayRetryAt(first, first.plus(Duration.ofHours(23)))).isTrue();
    assertThat(policy.mayRetryAt(first, first.plus(Duration.ofHours(24)).plusSeconds(1))).isFalse();
  }

  @Test
  void classifiesAnswersAsDeliveredRetriedOrFinal() {
    assertThat(answer(200).outcome()).isEqualTo(AttemptResult.Outcome.DELIVERED);
    assertThat(answer(204).outcome()).isEqualTo(AttemptResult.Outcome.DELIVERED);
    assertThat(answer(408).outcome()).isEqualTo(AttemptResult.Outcome.RETRY);
    assertThat(answer(429).outcome()).isEqualTo(AttemptResult.Outcome.RETRY);
    assertThat(answer(503).outcome()).isEqualTo(AttemptResult.Outcome.RETRY);
    assertThat(AttemptResult.noResponse(Duration.ZERO, "refused").outcome()).isEqualTo(AttemptResult.Outcome.RETRY);
    assertThat(answer(400).outcome()).isEqualTo(AttemptResult.Outcome.FINAL);
    assertThat(answer(410).outcome()).isEqualTo(AttemptResult.Outcome.FINAL);
    assertThat(answer(301).outcome()).isEqualTo(AttemptResult.Outcome.FINAL);
  }

  private static AttemptResult answer(int status) {
    return new AttemptResult(status, Duration.ZERO, Optional.empty(), "", "");
  }
}
