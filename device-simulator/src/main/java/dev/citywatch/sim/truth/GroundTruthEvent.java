package dev.citywatch.sim.truth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One line of a run's ground-truth file: an injected event, where it acted, when (simulated
 * time), and the alerts it should cause. {@code alsoAcceptable} names alert kinds that may fire
 * on the same subjects without being wrong (a traffic incident is also an anomaly).
 */
@JsonPropertyOrder({"scenario", "event", "kind", "tenant", "start", "end", "devices", "segments", "area", "expected_severity",
    "expected_alerts", "also_acceptable"})
public record GroundTruthEvent(
    @JsonProperty("scenario") String scenario,
    @JsonProperty("event") String event,
    @JsonProperty("kind") String kind,
    @JsonProperty("tenant") String tenant,
    @JsonProperty("start") Instant start,
    @JsonProperty("end") Instant end,
    @JsonProperty("devices") List<String> devices,
    @JsonProperty("segments") List<String> segments,
    @JsonProperty("area") String area,
    @JsonProperty("expected_severity") Severity expectedSeverity,
    @JsonProperty("expected_alerts") List<ExpectedAlert> expectedAlerts,
    @JsonProperty("also_acceptable") List<AlertKind> alsoAcceptable) {

  public GroundTruthEvent {
    devices = List.copyOf(devices);
    segments = List.copyOf(segments);
    expectedAlerts = expectedAlerts.stream()
        .sorted(Comparator.comparing((ExpectedAlert a) -> a.kind().id()).thenComparing(a -> a.subject() == null ? "" : a.subject()))
        .toList();
    alsoAcceptable = List.copyOf(alsoAcceptable);
  }

  public String jsonLine() {
    return new String(WireJson.write(this), StandardCharsets.UTF_8);
  }
}
