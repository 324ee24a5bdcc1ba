package dev.citywatch.sim.world;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.sim.scenario.ScenarioEvent.BuildingFire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Indoor temperature and smoke at fire sensors. A fire grows as t² (the standard fire-growth curve):
 * the temperature rise at a sensor is α (t − t₀)², delayed and weakened with distance from the
 * ignition; smoke follows about 40 s later. When the fire is put out, both decay back.
 */
final class FireModel {
  /** °C/s²: 57 °C is reached about 3.5 minutes after ignition at the ignition sensor. */
  static final double ALPHA = 0.0008;
  private static final Duration SMOKE_DELAY = Duration.ofSeconds(40);
  private static final double COOLING_SECONDS = 300;

  private final Instant origin;
  private final List<BuildingFire> fires;
  private final Map<String, GeoPoint> locations;

  FireModel(Instant origin, List<BuildingFire> fires, Map<String, GeoPoint> locations) {
    this.origin = origin;
    this.fires = List.copyOf(fires);
    this.locations = Map.copyOf(locations);
  }

  /** Noise-free {temperature °C, smoke %} at {@code device}. */
  double[] reading(Device device, Instant t) {
    double hour = Shapes.hourOfDay(t);
    double temperature = 21.5 + 1.5 * Math.sin((hour - 9) / 24 * 2 * Math.PI);
    double smoke = 0.4;
    for (BuildingFire f : fires) {
      double metres = Shapes.km(locations.get(f.device()), device.location()) * 1000;
      if (metres > f.radiusMetres()) continue;
      double strength = 1 / (1 + metres / 20);
      Instant ignition = origin.plus(f.at()).plusMillis((long) (metres / 2 * 1000));
      Instant out = origin.plus(f.end());
      double burning = seconds(ignition, t.isBefore(out) ? t : out);
      if (burning <= 0) continue;
      double cooled = t.isBefore(out) ? 1 : Math.exp(-seconds(out, t) / COOLING_SECONDS);
      temperature += Math.min(600, ALPHA * burning * burning) * strength * cooled;
      double smoky = seconds(ignition.plus(SMOKE_DELAY), t.isBefore(out) ? t : out);
      smoke += Math.min(95, Math.max(0, 0.5 * smoky)) * strength * (t.isBefore(out) ? 1 : Math.exp(-seconds(out, t) / 180));
    }
    return new double[] {temperature, Math.min(100, smoke)};
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
