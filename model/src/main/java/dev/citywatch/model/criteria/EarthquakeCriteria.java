package dev.citywatch.model.criteria;

import dev.citywatch.model.Severity;
import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

/**
 * Earthquake detection: an STA/LTA trigger per station, an event when enough stations trigger in
 * an order their distances explain, severity from intensity.
 *
 * @param sta short-term average window
 * @param lta long-term average window
 * @param triggerOn STA/LTA ratio that triggers a station
 * @param triggerOff ratio below which a triggered station is quiet again
 * @param minStations stations that must trigger before an event is declared
 * @param associationSlack allowed error when checking trigger times against P-wave travel times
 * @param eventWindow triggers this close in time belong to one event
 */
public record EarthquakeCriteria(
    Duration sta, Duration lta, double triggerOn, double triggerOff, int minStations, double pWaveKmPerSecond,
    double sWaveKmPerSecond, Duration associationSlack, Duration eventWindow, Duration resolveAfter, double intensityAttention,
    double intensityCaution, double intensityWarning, double intensitySevere) implements Serializable {

  /**
   * Instrumental intensity (MMI) from peak ground acceleration in cm/s² (Wald et al. 1999: the
   * relation ShakeMap uses; KMA's 진도 has followed MMI since 2018).
   */
  public static double intensity(double pgaCmPerS2) {
    if (pgaCmPerS2 <= 0) return 1.0;
    double log = Math.log10(pgaCmPerS2);
    double mmi = log >= Math.log10(28.0) ? 3.66 * log - 1.66 : 2.20 * log + 1.00;
    return Math.max(1.0, Math.min(10.0, mmi));
  }

  public Optional<Severity> severity(double mmi) {
    if (mmi >= intensitySevere) return Optional.of(Severity.SEVERE);
    if (mmi >= intensityWarning) return Optional.of(Severity.WARNING);
    if (mmi >= intensityCaution) return Optional.of(Severity.CAUTION);
    if (mmi >= intensityAttention) return Optional.of(Severity.ATTENTION);
    return Optional.empty();
  }
}
