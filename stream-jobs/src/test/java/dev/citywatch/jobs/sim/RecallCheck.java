package dev.citywatch.jobs.sim;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.sim.truth.ExpectedAlert;
import dev.citywatch.sim.truth.GroundTruthEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the alerts of a run with its ground truth: every expected alert raised once, with the
 * expected kind, subject and highest severity; nothing else raised (but what an event allows);
 * and how long after the signal crossed the line each alert fired (simulated time).
 */
public final class RecallCheck {
  private RecallCheck() {}

  /** One alert's life: its records grouped by id. */
  /**
   * @param firedAt the FIRING record's event time
   * @param decidedAt the event time at which the detector decided to fire (the end of the
   *     FIRING record's window: for an earthquake, the trigger that completed the event)
   */
  public record Episode(String alertId, AlertKind kind, String subject, Severity highest, Instant firedAt, Instant decidedAt) {}

  /**
   * What an expected alert became.
   *
   * @param afterCrossing from the moment the signal crossed the line to the decision
   * @param afterStart from the start of the injected event to the decision
   */
  public record Detection(String event, ExpectedAlert expected, Episode episode, Duration afterCrossing, Duration afterStart) {}

  public record Outcome(List<Detection> detections, List<String> problems) {}

  public static List<Episode> episodes(List<Alert> alerts) {
    Map<String, List<Alert>> byId = new LinkedHashMap<>();
    for (Alert a : alerts) byId.computeIfAbsent(a.alertId(), id -> new ArrayList<>()).add(a);
    List<Episode> out = new ArrayList<>();
    byId.forEach((id, records) -> {
      Alert first = records.stream().min(Comparator.comparingLong(Alert::version)).orElseThrow();
      Severity highest = records.stream().map(Alert::severity).max(Comparator.naturalOrder()).orElseThrow();
      Instant decided = first.windowEnd() == null ? first.eventTime() : first.windowEnd();
      out.add(new Episode(id, first.kind(), first.subject(), highest, first.eventTime(), decided));
    });
    out.sort(Comparator.comparing(Episode::firedAt));
    return out;
  }

  public static Outcome compare(List<GroundTruthEvent> truth, List<Alert> alerts) {
    List<Episode> episodes = episodes(alerts);
    Set<String> explained = new HashSet<>();
    List<Detection> detections = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (GroundTruthEvent e : truth) {
      for (ExpectedAlert x : e.expectedAlerts()) {
        List<Episode> matching = episodes.stream()
            .filter(p -> p.kind() == x.kind() && (x.subject() == null || Objects.equals(x.subject(), p.subject()))).toList();
        if (matching.isEmpty()) {
          problems.add(e.event() + ": missed " + describe(x));
          continue;
        }
        matching.forEach(p -> explained.add(p.alertId()));
        Episode first = matching.get(0);
        if (matching.size() > 1) problems.add(e.event() + ": " + describe(x) + " raised " + matching.size() + " times: " + ids(matching));
        if (first.highest() != x.severity()) {
          problems.add(e.event() + ": " + describe(x) + " reached " + first.highest() + " (" + first.alertId() + ")");
        }
        detections.add(new Detection(e.event(), x, first, Duration.between(x.crossedAt(), first.decidedAt()),
            Duration.between(e.start(), first.decidedAt())));
      }
    }
    for (Episode p : episodes) {
      if (explained.contains(p.alertId())) continue;
      boolean allowed = truth.stream().anyMatch(e -> e.alsoAcceptable().contains(p.kind()) && e.segments().contains(p.subject()));
      if (!allowed) problems.add("unexpected " + p.kind().id() + " " + p.highest() + " on " + p.subject() + " at " + p.firedAt());
    }
    return new Outcome(detections, problems);
  }

  private static String describe(ExpectedAlert x) {
    return x.kind().id() + (x.subject() == null ? "" : " " + x.subject()) + " " + x.severity();
  }

  private static String ids(List<Episode> episodes) {
    return String.join(", ", episodes.stream().map(Episode::alertId).toList());
  }
}
