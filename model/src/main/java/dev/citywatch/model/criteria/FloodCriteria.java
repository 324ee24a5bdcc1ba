package dev.citywatch.model.criteria;

import dev.citywatch.model.Severity;
import dev.citywatch.model.inventory.StageLevels;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * River flood: each gauge's own four stage levels (inventory), one level higher while the river
 * rises fast, resolved only after the stage stays below the lowest level for a while.
 */
public record FloodCriteria(double riseEscalationMetresPerHour, Duration riseWindow, Duration resolveAfter) implements Serializable {

  /** The level of {@code metres} at a gauge, raised one step (up to SEVERE) when rising faster than the escalation rate. */
  public Optional<Severity> severity(StageLevels stages, double metres, double risePerHour) {
    Optional<Severity> level = stages.severityAt(metres);
    if (level.isPresent() && risePerHour > riseEscalationMetresPerHour && level.get() != Severity.SEVERE) {
      return Optional.of(Severity.values()[level.get().ordinal() + 1]);
    }
    return level;
  }
}
