package dev.citywatch.model.criteria;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * The Ministry of Environment's particulate-matter alerts: 주의보 (CAUTION) and 경보 (WARNING) when
 * the hourly mean stays at or above a line for {@code persistence}, each cleared below its own
 * lower line.
 */
public record AirQualityCriteria(Pollutant pm10, Pollutant pm25, Duration persistence, Duration meanWindow) implements Serializable {

  /** The lines for one pollutant, µg/m³. */
  public record Pollutant(double cautionMean, double warningMean, double cautionClear, double warningClear) implements Serializable {
    /** The level an hourly mean reaches (before the persistence rule). */
    public Optional<Severity> level(double hourlyMean) {
      if (hourlyMean >= warningMean) return Optional.of(Severity.WARNING);
      if (hourlyMean >= cautionMean) return Optional.of(Severity.CAUTION);
      return Optional.empty();
    }

    /** Whether an alert at {@code severity} is cleared by this hourly mean. */
    public boolean clears(Severity severity, double hourlyMean) {
      return hourlyMean < (severity == Severity.WARNING ? warningClear : cautionClear);
    }
  }

  public Pollutant of(Quantity quantity) {
    return switch (quantity) {
      case PM10 -> pm10;
      case PM25 -> pm25;
      default -> throw new IllegalArgumentException(quantity.id() + " is not a particulate");
    };
  }
}
