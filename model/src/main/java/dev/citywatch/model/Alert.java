package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The value of a {@code citywatch.alerts} Kafka record: one step in an alert's life.
 *
 * <p>{@code alertId} is stable per (tenant, kind, subject) for one episode, from FIRING to
 * RESOLVED, and derived only from event data, so a replay after a failure produces the same ids;
 * {@code version} grows by one per step, so consumers deduplicate by (alertId, version).
 *
 * @param subject what the alert is about: a device, road segment, river reach or area id
 * @param evidence the values that were seen, by name (e.g. {@code rain_3h_mm}), sorted for
 *     byte-stable JSON
 * @param eventTime event time of the record that caused this step (device clock)
 * @param receivedAt when the gateway received that record (for a step a timer decided, with no record behind it: when it was decided)
 * @param appendedAt when Kafka appended that record to {@code citywatch.telemetry} (null when unknown)
 * @param readAt when the detection job read that record (null when unknown)
 * @param detectedAt when the detector decided (processing time)
 * @param emittedAt when the record was handed to the sink
 */
@JsonPropertyOrder({
  "schema", "alert_id", "version", "tenant", "kind", "subject", "state", "severity",
  "headline_ko", "headline_en", "location", "area", "evidence", "window_start", "window_end",
  "event_time", "received_at", "appended_at", "read_at", "detected_at", "emitted_at"
})
public record Alert(
    @JsonProperty("schema") int schema,
    @JsonProperty("alert_id") String alertId,
    @JsonProperty("version") long version,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("kind") AlertKind kind,
    @JsonProperty("subject") String subject,
    @JsonProperty("state") State state,
    @JsonProperty("severity") Severity severity,
    @JsonProperty("headline_ko") String headlineKo,
    @JsonProperty("headline_en") String headlineEn,
    @JsonProperty("location") GeoPoint location,
    @JsonProperty("area") String area,
    @JsonProperty("evidence") Map<String, Double> evidence,
    @JsonProperty("window_start") Instant windowStart,
    @JsonProperty("window_end") Instant windowEnd,
    @JsonProperty("event_time") Instant eventTime,
    @JsonProperty("received_at") Instant receivedAt,
    @JsonProperty("appended_at") Instant appendedAt,
    @JsonProperty("read_at") Instant readAt,
    @JsonProperty("detected_at") Instant detectedAt,
    @JsonProperty("emitted_at") Instant emittedAt) {

  public static final int SCHEMA = 1;

  /** The alert lifecycle: FIRING once, UPDATED when the severity changes, RESOLVED once. */
  public enum State {
    @JsonProperty("firing") FIRING,
    @JsonProperty("updated") UPDATED,
    @JsonProperty("resolved") RESOLVED
  }

  public Alert {
    if (schema != SCHEMA) {
      throw new IllegalArgumentException("unsupported alert schema " + schema + ", expected " + SCHEMA);
    }
    if (alertId == null || alertId.isBlank()) {
      throw new IllegalArgumentException("alert_id must not be blank");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, got " + version);
    }
    Ids.require("tenant", tenant);
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(severity, "severity");
    if (headlineKo == null || headlineKo.isBlank() || headlineEn == null || headlineEn.isBlank()) {
      throw new IllegalArgumentException("an alert needs a Korean and an English headline");
    }
    Objects.requireNonNull(eventTime, "event_time");
    Objects.requireNonNull(detectedAt, "detected_at");
    Objects.requireNonNull(emittedAt, "emitted_at");
    if (state == State.FIRING && version != 1) {
      throw new IllegalArgumentException("a FIRING alert is version 1, got " + version);
    }
    evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(evidence));
    area = area == null ? "" : area;
  }

  /** The stages of the reading behind this step, up to the detection job ({@link Trail}). */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public Trail trail() {
    return new Trail(receivedAt == null ? detectedAt : receivedAt, appendedAt, readAt);
  }

  /** This step as handed to the sink at {@code emittedAt}. */
  public Alert emitted(Instant emittedAt) {
    return withProcessingTimes(appendedAt, readAt, detectedAt, emittedAt);
  }

  /** This step with other processing times: when its reading was appended to Kafka and read, when it was decided and emitted. */
  public Alert withProcessingTimes(Instant appendedAt, Instant readAt, Instant detectedAt, Instant emittedAt) {
    return new Alert(schema, alertId, version, tenant, kind, subject, state, severity, headlineKo, headlineEn, location, area, evidence,
        windowStart, windowEnd, eventTime, receivedAt, appendedAt, readAt, detectedAt, emittedAt);
  }

  /**
   * The stable id of one episode of alerts about {@code subject}: tenant, kind, subject and the
   * event time (seconds) of the record that fired it, e.g. {@code wonju:flood:wonju-rv-003:1783995240}.
   * The same inputs always give the same id, so a replay after a failure repeats it exactly.
   */
  public static String idFor(String tenant, AlertKind kind, String subject, Instant firedAt) {
    return tenant + ":" + kind.id() + ":" + subject + ":" + firedAt.getEpochSecond();
  }
}
