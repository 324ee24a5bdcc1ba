package dev.citywatch.alerting.console;

import dev.citywatch.alerting.webhook.Acknowledgement;
import dev.citywatch.alerting.webhook.AlertHistory;
import dev.citywatch.alerting.webhook.DeliveryAttempt;
import dev.citywatch.model.Alert;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The service's view of every recent alert: its steps, its acknowledgement and its latest
 * delivery attempts. Feeds the console, the ack API and the bodies (acknowledgement, CAP
 * references). Resolved alerts are kept for {@code keepResolved}, then forgotten. Runs on the
 * service's event loop.
 */
public final class AlertBook implements AlertHistory {
  /** Delivery attempts the console shows per alert, newest first. */
  public static final int ATTEMPTS_PER_ALERT = 20;

  /** Something that changed, for live views: the alert as it now stands. */
  public record Change(String tenant, String alertId) {}

  private final Clock clock;
  private final Duration keepResolved;
  private final Map<String, List<Alert>> steps = new LinkedHashMap<>();
  private final Map<String, Acknowledgement> acks = new HashMap<>();
  private final Map<String, Deque<DeliveryAttempt>> attempts = new HashMap<>();
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

  public AlertBook(Clock clock, Duration keepResolved) {
    this.clock = clock;
    this.keepResolved = keepResolved;
  }

  /** Records a step; a step already known (a replay) changes nothing. */
  public void apply(Alert alert) {
    List<Alert> known = steps.computeIfAbsent(alert.alertId(), id -> new ArrayList<>());
    if (known.stream().anyMatch(s -> s.version() == alert.version())) return;
    known.add(alert);
    known.sort(Comparator.comparingLong(Alert::version));
    forgetOld();
    notify(alert.tenant(), alert.alertId());
  }

  /** Records an acknowledgement (the first one counts); empty when the alert is unknown. */
  public Optional<Acknowledgement> acknowledge(Acknowledgement ack) {
    if (!steps.containsKey(ack.alertId())) return Optional.empty();
    Acknowledgement kept = acks.putIfAbsent(ack.alertId(), ack);
    if (kept == null) notify(ack.tenant(), ack.alertId());
    return Optional.of(kept == null ? ack : kept);
  }

  /** An acknowledgement read back at start-up; kept even before the alert's steps are known again. */
  public void restoreAcknowledgement(Acknowledgement ack) {
    acks.putIfAbsent(ack.alertId(), ack);
  }

  public void attempted(DeliveryAttempt attempt) {
    restoreAttempt(attempt);
    notify(attempt.tenant(), attempt.alertId());
  }

  /** An attempt read back from the delivery log at start-up (oldest first), so the console shows it again. */
  public void restoreAttempt(DeliveryAttempt attempt) {
    Deque<DeliveryAttempt> recent = attempts.computeIfAbsent(attempt.alertId(), id -> new ArrayDeque<>());
    recent.addFirst(attempt);
    while (recent.size() > ATTEMPTS_PER_ALERT) recent.removeLast();
  }

  @Override
  public List<Alert> steps(String alertId) {
    return List.copyOf(steps.getOrDefault(alertId, List.of()));
  }

  public Optional<Alert> latest(String alertId) {
    List<Alert> known = steps.get(alertId);
    return known == null || known.isEmpty() ? Optional.empty() : Optional.of(known.get(known.size() - 1));
  }

  @Override
  public Optional<Acknowledgement> acknowledgement(String alertId) {
    return Optional.ofNullable(acks.get(alertId));
  }

  public List<DeliveryAttempt> attempts(String alertId) {
    return List.copyOf(attempts.getOrDefault(alertId, new ArrayDeque<>()));
  }

  /** The latest step of every known alert of {@code tenants}: open ones first, most severe, newest. */
  public List<Alert> current(Set<String> tenants) {
    return steps.values().stream().map(l -> l.get(l.size() - 1)).filter(a -> tenants.contains(a.tenant()))
        .sorted(Comparator.comparing((Alert a) -> a.state() == Alert.State.RESOLVED)
            .thenComparing(Alert::severity, Comparator.reverseOrder())
            .thenComparing(Alert::eventTime, Comparator.reverseOrder()))
        .toList();
  }

  public void listen(Consumer<Change> listener) {
    listeners.add(listener);
  }

  public void unlisten(Consumer<Change> listener) {
    listeners.remove(listener);
  }

  private void notify(String tenant, String alertId) {
    Change change = new Change(tenant, alertId);
    listeners.forEach(l -> l.accept(change));
  }

  private void forgetOld() {
    var cutoff = clock.instant().minus(keepResolved);
    steps.entrySet().removeIf(e -> {
      Alert last = e.getValue().get(e.getValue().size() - 1);
      boolean gone = last.state() == Alert.State.RESOLVED && last.emittedAt().isBefore(cutoff);
      if (gone) {
        acks.remove(e.getKey());
        attempts.remove(e.getKey());
      }
      return gone;
    });
  }
}
