package dev.citywatch.alerting.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.citywatch.model.Alert;
import java.time.Instant;
import java.util.Objects;

/**
 * One step of one alert owed to one subscription, and how far its delivery has got. This is
 * what the pending journal stores, so a restarted service knows what it still owes and when.
 *
 * @param alertAppendedAt when Kafka appended the alert step to {@code citywatch.alerts} (null in
 *     journals written before it was kept)
 * @param enqueuedAt when this service took the step
 * @param attempts failed attempts so far
 * @param firstAttemptAt when the first attempt was made (null before it); retries stop a
 *     configured time after it
 * @param notBefore earliest time of the next attempt
 */
public record Delivery(
    @JsonProperty("subscription") String subscriptionId,
    @JsonProperty("alert") Alert alert,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("enqueued_at") Instant enqueuedAt,
    @JsonProperty("first_attempt_at") Instant firstAttemptAt,
    @JsonProperty("not_before") Instant notBefore,
    @JsonProperty("alert_appended_at") Instant alertAppendedAt) {

  public Delivery {
    Objects.requireNonNull(subscriptionId, "subscription");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(enqueuedAt, "enqueued_at");
    Objects.requireNonNull(notBefore, "not_before");
    if (attempts < 0) throw new IllegalArgumentException("attempts must be >= 0");
  }

  public static Delivery of(String subscriptionId, Alert alert, Instant appendedAt, Instant now) {
    return new Delivery(subscriptionId, alert, 0, now, null, now, appendedAt);
  }

  /** The journal key: one per (subscription, alert, version). */
  @JsonIgnore
  public String key() {
    return subscriptionId + "|" + alert.alertId() + "|" + alert.version();
  }

  /** What receivers deduplicate by: {@code <alert id>:<version>}, the same for every attempt. */
  @JsonIgnore
  public String idempotencyKey() {
    return alert.alertId() + ":" + alert.version();
  }

  public Delivery failedAttempt(Instant attemptedAt, Instant next) {
    return new Delivery(subscriptionId, alert, attempts + 1, enqueuedAt, firstAttemptAt == null ? attemptedAt : firstAttemptAt, next,
        alertAppendedAt);
  }

  /** The same delivery, its next attempt not before {@code next}. */
  public Delivery notBefore(Instant next) {
    return new Delivery(subscriptionId, alert, attempts, enqueuedAt, firstAttemptAt, next, alertAppendedAt);
  }

  /** {@code alert.firing}, {@code alert.updated} or {@code alert.resolved}. */
  @JsonIgnore
  public String event() {
    return "alert." + alert.state().name().toLowerCase(java.util.Locale.ROOT);
  }
}
