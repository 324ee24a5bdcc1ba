package dev.citywatch.sim.world;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.RoadSegment;
import dev.citywatch.model.inventory.Tenant;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioEvent;
import dev.citywatch.sim.scenario.ScenarioEvent.FaultType;
import dev.citywatch.sim.scenario.ScenarioEvent.SensorFault;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The simulated city of one scenario: what every device measures at any simulated instant, as a
 * pure function of (seed, scenario, device, time). The fleet publishes these readings; the ground
 * truth is computed from the very same readings.
 */
public final class World {
  private final Scenario scenario;
  private final Tenant tenant;
  private final Noise noise;
  private final RainField rain;
  private final RiverModel rivers;
  private final TrafficModel traffic;
  private final SeismicModel seismic;
  private final AirModel air;
  private final FireModel fire;
  private final List<SensorFault> faults;

  public World(Inventory inventory, Scenario scenario, long seed) {
    this.scenario = scenario;
    this.tenant = inventory.tenant(scenario.tenant())
        .orElseThrow(() -> new IllegalArgumentException("no tenant " + scenario.tenant() + " in the inventory"));
    this.noise = new Noise(seed);
    Instant origin = scenario.start();
    this.rain = new RainField(origin, events(ScenarioEvent.RainStorm.class));
    this.rivers = new RiverModel(tenant, rain);
    this.traffic = new TrafficModel(tenant, origin, noise, events(ScenarioEvent.RushHour.class), events(ScenarioEvent.TrafficIncident.class));
    this.seismic = new SeismicModel(origin, noise, events(ScenarioEvent.Earthquake.class));
    this.air = new AirModel(origin, noise, events(ScenarioEvent.YellowDust.class));
    Map<String, GeoPoint> locations = new HashMap<>();
    tenant.devices().forEach(d -> locations.put(d.id(), d.location()));
    this.fire = new FireModel(origin, events(ScenarioEvent.BuildingFire.class), locations);
    this.faults = events(SensorFault.class);
  }

  private <T extends ScenarioEvent> List<T> events(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (ScenarioEvent e : scenario.events()) {
      if (type.isInstance(e)) out.add(type.cast(e));
    }
    return out;
  }

  public Scenario scenario() {
    return scenario;
  }

  public Tenant tenant() {
    return tenant;
  }

  /** The fault a device has at {@code t}, if any. */
  public Optional<SensorFault> fault(Device d, Instant t) {
    for (SensorFault f : faults) {
      Instant start = scenario.start().plus(f.at());
      if (f.device().equals(d.id()) && !t.isBefore(start) && t.isBefore(start.plus(f.duration()))) return Optional.of(f);
    }
    return Optional.empty();
  }

  /** Whether the device sends a message due at {@code t} (not during a dropout or an offline fault). */
  public boolean sends(Device d, Instant t) {
    return fault(d, t).map(f -> f.fault() == FaultType.STUCK).orElse(true);
  }

  /** What the device reports for its message due at {@code t}; a stuck sensor repeats what it read when it stuck. */
  public List<Reading> readings(Device d, Instant t) {
    Optional<SensorFault> f = fault(d, t);
    if (f.isPresent() && f.get().fault() == FaultType.STUCK) {
      Instant stuckAt = scenario.start().plus(f.get().at());
      Duration shift = Duration.between(stuckAt, t);
      return measure(d, stuckAt).stream().map(r -> new Reading(r.quantity(), r.value(), r.time().plus(shift))).toList();
    }
    return measure(d, t);
  }

  private List<Reading> measure(Device d, Instant t) {
    SplittableRandom random = noise.random(d.id(), t.toEpochMilli());
    return switch (d.kind()) {
      case RAIN_GAUGE -> {
        double mm = rain.amount(d.location(), t, d.interval());
        double measured = mm < 0.05 ? 0 : Math.max(0, mm * (1 + 0.04 * random.nextGaussian()));
        yield List.of(new Reading(Quantity.RAINFALL, round(measured, 1), t));
      }
      case RIVER_GAUGE -> List.of(new Reading(Quantity.RIVER_LEVEL, round(rivers.level(d, t) + 0.004 * random.nextGaussian(), 3), t));
      case SEISMIC -> {
        long second = t.getEpochSecond() - 1;
        double[] samples = seismic.pack(d.id(), d.location(), second);
        List<Reading> out = new ArrayList<>(samples.length);
        for (int i = 0; i < samples.length; i++) {
          out.add(new Reading(Quantity.ACCELERATION, round(samples[i], 5), Instant.ofEpochSecond(second).plusMillis(10L * i)));
        }
        yield out;
      }
      case AIR_QUALITY -> {
        double[] pm = air.pm10AndDust(d.id(), t);
        double pm10 = Math.max(1, pm[0] + 3 * random.nextGaussian());
        double pm25 = Math.max(1, AirModel.pm25(pm[0], pm[1]) + 1.5 * random.nextGaussian());
        yield List.of(new Reading(Quantity.PM10, round(pm10, 1), t), new Reading(Quantity.PM25, round(pm25, 1), t));
      }
      case FIRE -> {
        double[] r = fire.reading(d, t);
        double smoke = Math.min(100, Math.max(0, r[1] + 0.1 * random.nextGaussian()));
        yield List.of(new Reading(Quantity.TEMPERATURE, round(r[0] + 0.15 * random.nextGaussian(), 2), t),
            new Reading(Quantity.SMOKE, round(smoke, 2), t));
      }
      case TRAFFIC_LOOP -> trafficReadings(d, t, random);
    };
  }

  private List<Reading> trafficReadings(Device d, Instant t, SplittableRandom random) {
    RoadSegment s = traffic.segment(d.segment().orElseThrow(() -> new IllegalStateException(d.id() + " has no road segment")));
    double rho = traffic.density(s.id(), t);
    double speed = s.freeFlowKmh() * (1 - rho);
    double perHour = speed * rho * TrafficModel.JAM_DENSITY * TrafficModel.LANES;
    double expected = perHour * d.interval().toMillis() / 3_600_000.0;
    double volume = Math.max(0, Math.round(expected + Math.sqrt(Math.max(expected, 1)) * random.nextGaussian()));
    return List.of(
        new Reading(Quantity.SPEED, round(Math.max(1, speed + 1.5 * random.nextGaussian()), 1), t),
        new Reading(Quantity.VOLUME, volume, t),
        new Reading(Quantity.OCCUPANCY, round(Math.min(100, Math.max(0, rho * 85 + random.nextGaussian())), 1), t));
  }

  /** Noise-free density ratio of a segment (ground truth and tests). */
  public double trafficDensity(String segment, Instant t) {
    return traffic.density(segment, t);
  }

  /** Noise-free river stage (ground truth and tests). */
  public double riverLevel(Device gauge, Instant t) {
    return rivers.level(gauge, t);
  }

  /** Rain rate in mm/h (tests). */
  public double rainRate(GeoPoint p, Instant t) {
    return rain.rate(p, t);
  }

  /** Origin time of an earthquake, hypocentral distance and modelled PGA at a station (ground truth). */
  public double pgaCmPerS2(ScenarioEvent.Earthquake q, GeoPoint station) {
    return SeismicModel.pgaCmPerS2(q.magnitude(), SeismicModel.hypocentralKm(q, station));
  }

  public static double hypocentralKm(ScenarioEvent.Earthquake q, GeoPoint station) {
    return SeismicModel.hypocentralKm(q, station);
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
