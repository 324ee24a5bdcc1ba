package dev.citywatch.sim.truth;

import dev.citywatch.model.Severity;
import java.time.Instant;
import java.util.Optional;

/** The highest severity a signal reached and when it first crossed any line. */
final class Peak {
  private Severity max;
  private Instant firstCrossing;

  void see(Optional<Severity> severity, Instant t) {
    if (severity.isEmpty()) return;
    if (firstCrossing == null) firstCrossing = t;
    if (max == null || severity.get().compareTo(max) > 0) max = severity.get();
  }

  Optional<Severity> max() {
    return Optional.ofNullable(max);
  }

  Instant firstCrossing() {
    return firstCrossing;
  }
}
