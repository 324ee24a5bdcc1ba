package dev.citywatch.sim.world;

import dev.citywatch.sim.scenario.ScenarioEvent.YellowDust;
import java.time.Instant;
import java.util.List;

/**
 * Particulates at an air-quality station: a station's own background, raised by traffic in the
 * morning and evening, plus yellow dust (황사) episodes, which are mostly coarse (PM10).
 */
final class AirModel {
  private final Instant origin;
  private final Noise noise;
  private final List<YellowDust> episodes;

  AirModel(Instant origin, Noise noise, List<YellowDust> episodes) {
    this.origin = origin;
    this.noise = noise;
    this.episodes = List.copyOf(episodes);
  }

  /** Noise-free PM10 in µg/m³ and the part of it that is dust. */
  double[] pm10AndDust(String device, Instant t) {
    double base = 28 + 14 * noise.uniform("aq-base", device.hashCode());
    double traffic = TrafficModel.profile(t) / 0.5;
    double dust = 0;
    for (YellowDust d : episodes) {
      Instant start = origin.plus(d.at());
      dust += d.peakPm10() * Shapes.trapezoid(t, start, start.plus(d.duration()), d.ramp());
    }
    return new double[] {base * (0.85 + 0.3 * traffic) + dust, dust};
  }

  /** Fine particulates: about 45% of the urban background, a quarter of dust. */
  static double pm25(double pm10, double dust) {
    return 0.45 * (pm10 - dust) + 0.25 * dust;
  }
}
