package dev.citywatch.alerting;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Severity;
import java.time.Instant;
import java.util.Map;

/** Alert steps as the detection job writes them, for tests. */
final class TestAlerts {
  private TestAlerts() {}

  static Alert flood(String tenant, String gauge, Instant fired, long version, Alert.State state, Severity severity) {
    Instant at = fired.plusSeconds(60 * (version - 1));
    return new Alert(Alert.SCHEMA, Alert.idFor(tenant, AlertKind.FLOOD, gauge, fired), version, tenant, AlertKind.FLOOD, gauge,
        state, severity, "원주천 " + gauge + " 수위 " + severity.korean() + " 단계", "Wonjucheon " + gauge + " stage at " + severity.name(),
        new GeoPoint(37.295, 127.9595), "판부면", Map.of("level_m", 2.5 + version * 0.1, "rise_m_per_h", 0.4),
        at.minusSeconds(600), at, at, at.plusMillis(40), at.plusMillis(45), at.plusMillis(50), at.plusMillis(80), at.plusMillis(90));
  }

  static Alert firing(String tenant, String gauge, Instant fired) {
    return flood(tenant, gauge, fired, 1, Alert.State.FIRING, Severity.CAUTION);
  }
}
