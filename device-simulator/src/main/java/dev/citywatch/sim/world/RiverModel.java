package dev.citywatch.sim.world;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.StageLevels;
import dev.citywatch.model.inventory.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * River stage at each gauge: a base flow plus the rain that fell on the gauge's catchment (the
 * river's gauges up to and including it, in inventory order from upstream), passed through a
 * linear reservoir (exponential recession, time constant {@link #TAU_MINUTES}) after a travel lag
 * that grows downstream.
 */
final class RiverModel {
  static final int STEP_MINUTES = 5;
  static final int TAU_MINUTES = 90;
  private static final int MEMORY_STEPS = 12 * 60 / STEP_MINUTES;
  /** Catchment rain (mm/h, sustained) that brings a gauge to its 경계 level. */
  static final double DESIGN_RATE_MM_H = 35;

  private final RainField rain;
  private final Map<String, Gauge> gauges = new HashMap<>();
  private final Map<Long, Double> catchmentRain = new ConcurrentHashMap<>();

  private record Gauge(int id, int index, List<GeoPoint> catchment, StageLevels stages, double base, double gain, long lagMinutes) {}

  RiverModel(Tenant tenant, RainField rain) {
    this.rain = rain;
    Map<String, List<Device>> byRiver = new HashMap<>();
    for (Device d : tenant.devices()) {
      if (d.kind() == SensorKind.RIVER_GAUGE && d.river().isPresent() && d.stages().isPresent()) {
        byRiver.computeIfAbsent(d.river().get(), r -> new ArrayList<>()).add(d);
      }
    }
    int id = 0;
    for (List<Device> river : byRiver.values()) {
      for (int i = 0; i < river.size(); i++) {
        Device d = river.get(i);
        List<GeoPoint> catchment = river.subList(0, i + 1).stream().map(Device::location).toList();
        StageLevels s = d.stages().get();
        double base = s.attention() * 0.45;
        gauges.put(d.id(), new Gauge(id++, i, catchment, s, base, (s.warning() - base) / DESIGN_RATE_MM_H, 20L + 10L * i));
      }
    }
  }

  /** Noise-free stage in metres. */
  double level(Device device, Instant t) {
    Gauge g = gauges.get(device.id());
    if (g == null) throw new IllegalArgumentException(device.id() + " is not a river gauge with stage levels");
    long minutes = t.getEpochSecond() / 60 - g.lagMinutes;
    long bucket = Math.floorDiv(minutes, STEP_MINUTES);
    double frac = (t.getEpochSecond() / 60.0 - g.lagMinutes - bucket * STEP_MINUTES) / STEP_MINUTES;
    double a = response(g, bucket);
    double b = response(g, bucket + 1);
    return g.base + g.gain * (a + (b - a) * Math.max(0, Math.min(1, frac)));
  }

  /** The reservoir's output at bucket {@code bucket}: past catchment rain, exponentially forgotten. */
  private double response(Gauge g, long bucket) {
    double sum = 0;
    double decay = Math.exp(-(double) STEP_MINUTES / TAU_MINUTES);
    double weight = (double) STEP_MINUTES / TAU_MINUTES;
    for (int k = 0; k < MEMORY_STEPS; k++) {
      sum += weight * catchment(g, bucket - k);
      weight *= decay;
    }
    return sum;
  }

  private double catchment(Gauge g, long bucket) {
    long key = ((long) g.id << 40) ^ bucket;
    return catchmentRain.computeIfAbsent(key, k -> {
      Instant at = Instant.ofEpochSecond(bucket * STEP_MINUTES * 60);
      double sum = 0;
      for (GeoPoint p : g.catchment) sum += rain.rate(p, at);
      return sum / g.catchment.size();
    });
  }
}
