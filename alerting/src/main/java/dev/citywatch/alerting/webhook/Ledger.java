package dev.citywatch.alerting.webhook;

import dev.citywatch.model.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the time went between a reading and its alert's webhook, stage by stage (docs/measurements.md):
 * the gateway (received to appended to {@code citywatch.telemetry}), Kafka to the detection job
 * (appended to read), detection (read to decided), the alert to Kafka (decided to appended to
 * {@code citywatch.alerts}), Kafka to alerting (appended to taken), alerting (taken to the first
 * attempt sent: the pending journal and the subscriber's queue) and HTTP (first attempt sent to the
 * 2xx, retries included). A stage whose stamps are not both known is left out.
 */
public record Ledger(Map<String, Duration> stages, Duration total) {
  /** The stages in order, as InfluxDB field names. */
  public static final String GATEWAY = "gateway_ms";
  public static final String TO_JOB = "kafka_to_job_ms";
  public static final String DETECT = "detect_ms";
  public static final String ALERT_TO_KAFKA = "alert_to_kafka_ms";
  public static final String TO_ALERTING = "kafka_to_alerting_ms";
  public static final String ALERTING = "alerting_ms";
  public static final String HTTP = "http_ms";
  /** The whole way, reading received to 2xx, as an InfluxDB field name. */
  public static final String TOTAL = "ledger_total_ms";

  public Ledger {
    stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
  }

  /** The ledger of {@code d}, whose attempt sent at {@code firstSent} (the first) was answered 2xx at {@code answered}. */
  static Ledger of(Delivery d, Instant firstSent, Instant answered) {
    Alert a = d.alert();
    Map<String, Duration> stages = new LinkedHashMap<>();
    put(stages, GATEWAY, a.receivedAt(), a.appendedAt());
    put(stages, TO_JOB, a.appendedAt(), a.readAt());
    put(stages, DETECT, a.readAt(), a.detectedAt());
    put(stages, ALERT_TO_KAFKA, a.detectedAt(), d.alertAppendedAt());
    put(stages, TO_ALERTING, d.alertAppendedAt(), d.enqueuedAt());
    put(stages, ALERTING, d.enqueuedAt(), firstSent);
    put(stages, HTTP, firstSent, answered);
    return new Ledger(stages, a.receivedAt() == null ? null : Duration.between(a.receivedAt(), answered));
  }

  private static void put(Map<String, Duration> stages, String name, Instant from, Instant to) {
    if (from != null && to != null) stages.put(name, Duration.between(from, to));
  }
}
