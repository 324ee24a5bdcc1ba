package dev.citywatch.model.inventory;

import dev.citywatch.model.Severity;
import java.util.Optional;

/** A river gauge's four stage levels in metres: 관심, 주의, 경계, 심각. Strictly rising. */
public record StageLevels(double attention, double caution, double warning, double severe) {
  public StageLevels {
    if (!(attention < caution && caution < warning && warning < severe)) {
      throw new IllegalArgumentException(
          "stage levels must rise: attention " + attention + " < caution " + caution + " < warning " + warning + " < severe " + severe);
    }
  }

  /** The highest level that {@code metres} reaches, if any. */
  public Optional<Severity> severityAt(double metres) {
    if (metres >= severe) return Optional.of(Severity.SEVERE);
    if (metres >= warning) return Optional.of(Severity.WARNING);
    if (metres >= caution) return Optional.of(Severity.CAUTION);
    if (metres >= attention) return Optional.of(Severity.ATTENTION);
    return Optional.empty();
  }

  public double level(Severity severity) {
    return switch (severity) {
      case ATTENTION -> attention;
      case CAUTION -> caution;
      case WARNING -> warning;
      case SEVERE -> severe;
    };
  }
}
