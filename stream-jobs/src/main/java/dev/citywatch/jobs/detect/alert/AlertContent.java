package dev.citywatch.jobs.detect.alert;

import dev.citywatch.model.AlertKind;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * What an alert says, apart from where it is in its lifecycle: about what and where, how serious,
 * the headline in Korean and English, and the evidence (values seen, and the window they cover).
 */
public record AlertContent(
    String tenant, AlertKind kind, String subject, Severity severity, String headlineKo, String headlineEn, GeoPoint location,
    String area, Map<String, Double> evidence, Instant windowStart, Instant windowEnd) {

  public AlertContent withHeadlines(String ko, String en) {
    return new AlertContent(tenant, kind, subject, severity, ko, en, location, area, evidence, windowStart, windowEnd);
  }
}
