package dev.citywatch.sim.world;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.sim.scenario.ScenarioEvent.RainStorm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Rain over the city: the storm cells of a scenario, each a Gaussian patch that grows over the
 * first quarter of its life, holds, fades over the last quarter, and moves along its bearing.
 * Without storms it is dry.
 */
final class RainField {
  private final Instant origin;
  private final List<RainStorm> storms;

  RainField(Instant origin, List<RainStorm> storms) {
    this.origin = origin;
    this.storms = List.copyOf(storms);
  }

  /** Rain rate in mm/h at {@code p} and {@code t}. */
  double rate(GeoPoint p, Instant t) {
    double total = 0;
    for (RainStorm s : storms) {
      Instant start = origin.plus(s.at());
      Instant end = start.plus(s.duration());
      double envelope = Shapes.trapezoid(t, start, end, s.duration().dividedBy(4));
      if (envelope == 0) continue;
      double hours = Duration.between(start, t).toMillis() / 3_600_000.0;
      GeoPoint centre = Shapes.move(s.centre(), s.bearingDegrees(), s.speedKmh() * hours);
      double sigma = s.radiusKm() / 2;
      double d = Shapes.km(p, centre);
      total += s.peakMmPerHour() * envelope * Math.exp(-0.5 * (d / sigma) * (d / sigma));
    }
    return total;
  }

  /** Rain that fell at {@code p} in the interval that ends at {@code t}, mm (six samples across it). */
  double amount(GeoPoint p, Instant t, Duration interval) {
    int samples = 6;
    double sum = 0;
    for (int i = 0; i < samples; i++) {
      Instant at = t.minus(interval.multipliedBy(2L * i + 1).dividedBy(2L * samples));
      sum += rate(p, at);
    }
    return sum / samples * interval.toMillis() / 3_600_000.0;
  }
}
