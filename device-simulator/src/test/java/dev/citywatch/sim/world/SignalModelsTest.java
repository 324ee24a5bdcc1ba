package dev.citywatch.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.inventory.Tenant;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioEvent;
import dev.citywatch.sim.scenario.ScenarioLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignalModelsTest {
  private static Inventory inventory;
  private static Tenant wonju;

  @BeforeAll
  static void load() throws Exception {
    inventory = InventoryLoader.loadDefault();
    wonju = inventory.tenant("wonju").orElseThrow();
  }

  private static World world(String scenario) throws Exception {
    return new World(inventory, ScenarioLoader.load(scenario, inventory), 7);
  }

  static List<String> scenarios() {
    return ScenarioLoader.BUILT_IN;
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void everyReadingOfEveryScenarioIsPhysicallyPossible(String name) throws Exception {
    World world = world(name);
    // Every device's every message in the short scenarios; every 50th in the long ones.
    int every = world.scenario().duration().compareTo(Duration.ofHours(6)) > 0 ? 50 : 1;
    MessageStream stream = new MessageStream(world, world.tenant().devices().stream()
        .filter(d -> every == 1 || d.kind() != SensorKind.SEISMIC).toList(), 7);
    long n = 0;
    while (stream.hasNext()) {
      SimMessage m = stream.next();
      if (n++ % every != 0) continue;
      for (Reading r : m.readings()) {
        assertThat(r.quantity().isPossible(r.value())).as("%s %s = %s", m.device().id(), r.quantity().id(), r.value()).isTrue();
        assertThat(m.device().kind().measures(r.quantity())).isTrue();
      }
    }
    assertThat(n).isPositive();
  }

  @Test
  void weekdayTrafficSlowsAtTheMorningRushAndTheThreeQuantitiesAgree() throws Exception {
    World world = world("quiet-24h");
    Device loop = device("wonju-tl-001");
    Instant night = Instant.parse("2026-10-13T18:00:00Z"); // 03:00 KST
    Instant rush = Instant.parse("2026-10-13T23:00:00Z"); // 08:00 KST
    assertThat(world.trafficDensity(loop.segment().get(), rush)).isGreaterThan(2 * world.trafficDensity(loop.segment().get(), night));
    List<Reading> atNight = world.readings(loop, night);
    List<Reading> atRush = world.readings(loop, rush);
    assertThat(value(atRush, Quantity.SPEED)).isLessThan(value(atNight, Quantity.SPEED) - 10);
    assertThat(value(atRush, Quantity.OCCUPANCY)).isGreaterThan(value(atNight, Quantity.OCCUPANCY) + 10);
    assertThat(value(atRush, Quantity.VOLUME)).isGreaterThan(value(atNight, Quantity.VOLUME));
    // Greenshields: flow = speed x density, so volume per 30 s follows from the other two.
    double rho = world.trafficDensity(loop.segment().get(), rush);
    double expectedVolume = value(atRush, Quantity.SPEED) * rho * 140 * 2 / 120;
    assertThat(value(atRush, Quantity.VOLUME)).isBetween(expectedVolume * 0.6, expectedVolume * 1.4);
  }

  @Test
  void aDownstreamSegmentFeelsTheMorningDemandAfterTheUpstreamOne() throws Exception {
    World world = world("quiet-24h");
    Instant rising = Instant.parse("2026-10-13T22:15:00Z"); // 07:15 KST: demand rising
    assertThat(world.trafficDensity("wonil-nb-1", rising)).isGreaterThan(world.trafficDensity("wonil-nb-3", rising) * 0.98);
  }

  @Test
  void riversRiseAfterTheRainAndDownstreamGaugesPeakLater() throws Exception {
    World world = world("flash-flood");
    Scenario s = world.scenario();
    ScenarioEvent storm = s.events().get(0);
    Instant rainPeak = s.start().plus(storm.at()).plus(storm.duration().dividedBy(2));
    List<Device> gauges = wonju.devices().stream().filter(d -> d.river().map("wonjucheon"::equals).orElse(false)).toList();
    Instant upstreamPeak = peak(world, gauges.get(0), s);
    Instant downstreamPeak = peak(world, gauges.get(gauges.size() - 1), s);
    assertThat(upstreamPeak).isAfter(rainPeak);
    assertThat(downstreamPeak).isAfter(upstreamPeak.plus(Duration.ofMinutes(30)));
    // and it recedes: two hours after the peak the level is lower
    assertThat(world.riverLevel(gauges.get(0), upstreamPeak.plus(Duration.ofHours(2))))
        .isLessThan(world.riverLevel(gauges.get(0), upstreamPeak) - 0.3);
  }

  @Test
  void pWavesArriveBeforeSWavesAndNearerStationsShakeFirstAndHardest() throws Exception {
    World world = world("earthquake-m5");
    ScenarioEvent.Earthquake q = (ScenarioEvent.Earthquake) world.scenario().events().get(0);
    Instant origin = world.scenario().start().plus(q.at());
    List<Device> stations = wonju.devices().stream().filter(d -> d.kind() == SensorKind.SEISMIC)
        .sorted(Comparator.comparingDouble(d -> World.hypocentralKm(q, d.location()))).toList();
    Device near = stations.get(0);
    Device far = stations.get(stations.size() - 1);
    Instant nearFirst = firstAbove(world, near, origin, 0.02);
    Instant farFirst = firstAbove(world, far, origin, 0.02);
    assertThat(nearFirst).isBefore(farFirst);
    double r = World.hypocentralKm(q, near.location());
    assertThat(Duration.between(origin, nearFirst).toMillis() / 1000.0).isCloseTo(r / 6.0, org.assertj.core.data.Offset.offset(0.3));
    // The S wave (r / 3.5 km/s) brings the peak.
    Instant nearPeak = peakSample(world, near, origin);
    assertThat(Duration.between(origin, nearPeak).toMillis() / 1000.0).isGreaterThan(r / 3.5 - 0.2);
    assertThat(maxAbs(world, near, origin)).isGreaterThan(2 * maxAbs(world, far, origin));
  }

  @Test
  void yellowDustRaisesPm10MuchMoreThanPm25() throws Exception {
    World world = world("yellow-dust");
    Device station = device("wonju-aq-001");
    Instant before = world.scenario().start().plus(Duration.ofMinutes(30));
    Instant during = world.scenario().start().plus(Duration.ofHours(6));
    List<Reading> clean = world.readings(station, before);
    List<Reading> dusty = world.readings(station, during);
    assertThat(value(dusty, Quantity.PM10)).isGreaterThan(value(clean, Quantity.PM10) + 300);
    assertThat(value(dusty, Quantity.PM25) / value(dusty, Quantity.PM10)).isLessThan(value(clean, Quantity.PM25) / value(clean, Quantity.PM10));
  }

  @Test
  void aFireHeatsItsSensorOverMinutesNotAtOnce() throws Exception {
    World world = world("building-fire");
    Device sensor = device("wonju-fr-007");
    Instant ignition = world.scenario().start().plus(world.scenario().events().get(0).at());
    assertThat(value(world.readings(sensor, ignition.minusSeconds(10)), Quantity.TEMPERATURE)).isLessThan(25);
    assertThat(value(world.readings(sensor, ignition.plusSeconds(60)), Quantity.TEMPERATURE)).isLessThan(30);
    assertThat(value(world.readings(sensor, ignition.plusSeconds(300)), Quantity.TEMPERATURE)).isGreaterThan(57);
    assertThat(value(world.readings(sensor, ignition.plusSeconds(300)), Quantity.SMOKE)).isGreaterThan(10);
  }

  @Test
  void aStormCellRainsHardestAtItsCentreAndNotBeforeItStarts() throws Exception {
    World world = world("flash-flood");
    ScenarioEvent.RainStorm storm = (ScenarioEvent.RainStorm) world.scenario().events().get(0);
    Instant middle = world.scenario().start().plus(storm.at()).plus(storm.duration().dividedBy(2));
    double atCentre = world.rainRate(storm.centre(), middle);
    assertThat(atCentre).isBetween(storm.peakMmPerHour() * 0.7, storm.peakMmPerHour());
    assertThat(world.rainRate(Shapes.move(storm.centre(), 90, storm.radiusKm() * 2), middle)).isLessThan(atCentre / 5);
    assertThat(world.rainRate(storm.centre(), world.scenario().start())).isZero();
  }

  private static Device device(String id) {
    return wonju.device(id).orElseThrow();
  }

  private static double value(List<Reading> readings, Quantity q) {
    return readings.stream().filter(r -> r.quantity() == q).findFirst().orElseThrow().value();
  }

  private static Instant peak(World world, Device gauge, Scenario s) {
    Instant best = s.start();
    double max = Double.NEGATIVE_INFINITY;
    for (Instant t = s.start(); t.isBefore(s.end()); t = t.plus(Duration.ofMinutes(1))) {
      double level = world.riverLevel(gauge, t);
      if (level > max) {
        max = level;
        best = t;
      }
    }
    return best;
  }

  private static Instant firstAbove(World world, Device station, Instant origin, double threshold) {
    for (long s = 1; s < 120; s++) {
      for (Reading r : world.readings(station, origin.plusSeconds(s))) {
        if (Math.abs(r.value()) > threshold) return r.time();
      }
    }
    throw new AssertionError("no shaking at " + station.id());
  }

  private static Instant peakSample(World world, Device station, Instant origin) {
    Reading best = null;
    for (long s = 1; s < 120; s++) {
      for (Reading r : world.readings(station, origin.plusSeconds(s))) {
        if (best == null || Math.abs(r.value()) > Math.abs(best.value())) best = r;
      }
    }
    return best.time();
  }

  private static double maxAbs(World world, Device station, Instant origin) {
    double max = 0;
    for (long s = 1; s < 120; s++) {
      for (Reading r : world.readings(station, origin.plusSeconds(s))) max = Math.max(max, Math.abs(r.value()));
    }
    return max;
  }
}
