package dev.citywatch.alerting.webhook;

import java.time.Duration;
import java.util.Optional;

/**
 * What one HTTP attempt came to.
 *
 * @param status the HTTP status, or 0 when no response came (refused, reset, timed out)
 * @param error what went wrong below HTTP, or empty
 * @param responseExcerpt the first bytes of the response body, for the dead-letter record
 */
public record AttemptResult(int status, Duration latency, Optional<Duration> retryAfter, String error, String responseExcerpt) {
  public static final int NO_RESPONSE = 0;

  /** Delivered, worth another try, or never going to work. */
  public enum Outcome {
    DELIVERED,
    RETRY,
    FINAL
  }

  public AttemptResult {
    error = error == null ? "" : error;
    responseExcerpt = responseExcerpt == null ? "" : responseExcerpt;
  }

  public static AttemptResult noResponse(Duration latency, String error) {
    return new AttemptResult(NO_RESPONSE, latency, Optional.empty(), error, "");
  }

  /** 2xx delivered; 408, 429, 5xx and no response retried; every other status final. */
  public Outcome outcome() {
    if (status >= 200 && status < 300) return Outcome.DELIVERED;
    if (status == NO_RESPONSE || status == 408 || status == 429 || status >= 500) return Outcome.RETRY;
    return Outcome.FINAL;
  }

  public String describe() {
    return status == NO_RESPONSE ? "no response (" + error + ")" : "HTTP " + status;
  }
}
