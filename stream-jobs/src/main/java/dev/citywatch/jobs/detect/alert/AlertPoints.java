package dev.citywatch.jobs.detect.alert;

import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.Alert;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An alert step as an InfluxDB point ({@code alerts}, docs/storage.md): tags tenant, kind, subject,
 * state, severity, area; fields id, version, headlines, position, evidence ({@code ev_<name>}),
 * and the detection latency from gateway receipt. Kept for two years, with the rollups (retention
 * policy {@code rollup}). Time: the step's event time; a replayed step writes the same point again.
 */
public final class AlertPoints {
  public static final String MEASUREMENT = "alerts";

  private AlertPoints() {}

  public static PointRecord of(Alert a) {
    Map<String, String> tags = new HashMap<>();
    tags.put("tenant", a.tenant());
    tags.put("kind", a.kind().id());
    tags.put("subject", a.subject());
    tags.put("state", a.state().name().toLowerCase(Locale.ROOT));
    tags.put("severity", a.severity().name());
    tags.put("area", a.area());
    Map<String, Object> fields = new HashMap<>();
    fields.put("alert_id", a.alertId());
    fields.put("version", a.version());
    fields.put("severity_level", (long) a.severity().ordinal() + 1);
    // 1 while the alert is open, 0 once resolved: lets a dashboard keep open alerts with last(open).
    fields.put("open", a.state() == dev.citywatch.model.Alert.State.RESOLVED ? 0L : 1L);
    fields.put("headline_ko", a.headlineKo());
    fields.put("headline_en", a.headlineEn());
    if (a.location() != null) {
      fields.put("lat", a.location().lat());
      fields.put("lon", a.location().lon());
    }
    a.evidence().forEach((name, value) -> fields.put("ev_" + name, value));
    if (a.receivedAt() != null) {
      fields.put("detection_latency_ms", Math.max(0, a.detectedAt().toEpochMilli() - a.receivedAt().toEpochMilli()));
    }
    return new PointRecord(InfluxSettings.ROLLUP, MEASUREMENT, tags, fields, a.eventTime().toEpochMilli());
  }
}
