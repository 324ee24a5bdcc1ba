package dev.citywatch.model.criteria;

import dev.citywatch.model.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/** KMA heavy-rain advisories (호우주의보 / 호우경보) and an hourly-rate attention level. */
public record HeavyRainCriteria(
    double attentionRate1hMm, double cautionSum3hMm, double cautionSum12hMm, double warningSum3hMm, double warningSum12hMm,
    Duration resolveAfter) implements Serializable {

  /** The highest level that the rainfall of the last 1, 3 and 12 hours reaches. */
  public Optional<Severity> severity(double sum1h, double sum3h, double sum12h) {
    if (sum3h >= warningSum3hMm || sum12h >= warningSum12hMm) return Optional.of(Severity.WARNING);
    if (sum3h >= cautionSum3hMm || sum12h >= cautionSum12hMm) return Optional.of(Severity.CAUTION);
    if (sum1h >= attentionRate1hMm) return Optional.of(Severity.ATTENTION);
    return Optional.empty();
  }
}
