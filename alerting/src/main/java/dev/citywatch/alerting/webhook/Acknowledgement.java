package dev.citywatch.alerting.webhook;

import java.time.Instant;
import java.util.Objects;

/** Who acknowledged an alert, and when: {@code by} is the person named, {@code token} the API token used. */
public record Acknowledgement(String alertId, String tenant, String by, String token, Instant at) {
  public Acknowledgement {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(at, "at");
  }
}
