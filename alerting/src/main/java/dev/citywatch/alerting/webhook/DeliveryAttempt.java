package dev.citywatch.alerting.webhook;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt as the delivery log records it.
 *
 * @param attempt 1 for the first try of this delivery
 * @param outcome {@code delivered}, {@code retry} (another attempt is scheduled) or {@code dead_letter}
 * @param sinceEvent from the sensor reading that caused the alert step to this attempt's answer
 */
public record DeliveryAttempt(
    String subscription, String tenant, String alertId, long version, String event, int attempt, int status,
    Duration latency, String outcome, String error, Instant at, Duration sinceEvent, Duration sinceDetected, Ledger ledger) {

  public static final String DELIVERED = "delivered";
  public static final String RETRY = "retry";
  public static final String DEAD_LETTER = "dead_letter";

  /** An attempt answered at {@code at}; a delivered one carries the step's latency ledger. */
  static DeliveryAttempt of(Delivery d, AttemptResult r, String outcome, Instant at) {
    Instant firstSent = d.firstAttemptAt() != null ? d.firstAttemptAt() : at.minus(r.latency());
    return new DeliveryAttempt(d.subscriptionId(), d.alert().tenant(), d.alert().alertId(), d.alert().version(), d.event(),
        d.attempts() + 1, r.status(), r.latency(), outcome, r.error(), at, Duration.between(d.alert().eventTime(), at),
        Duration.between(d.alert().detectedAt(), at), DELIVERED.equals(outcome) ? Ledger.of(d, firstSent, at) : null);
  }
}
