package dev.citywatch.sim.truth;

import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.criteria.Criteria;
import dev.citywatch.model.criteria.EarthquakeCriteria;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.RoadSegment;
import dev.citywatch.model.inventory.Tenant;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioEvent;
import dev.citywatch.sim.world.MessageStream;
import dev.citywatch.sim.world.Shapes;
import dev.citywatch.sim.world.SimMessage;
import dev.citywatch.sim.world.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Works out, from the readings the simulated devices will send, which alerts a run should raise,
 * and attributes each to the scenario event that caused it. Anything the rules would alert on that
 * no event explains is listed under a {@code background} event, so a scenario that alerts on an
 * ordinary day shows up at once.
 */
public final class GroundTruthBuilder {
  private final World world;
  private final Criteria criteria;
  private final long seed;
  private final Scenario scenario;
  private final Tenant tenant;

  private final Map<String, Oracles.Rain> rain = new LinkedHashMap<>();
  private final Map<String, Oracles.River> rivers = new LinkedHashMap<>();
  private final Map<String, Oracles.Fire> fires = new LinkedHashMap<>();
  private final Map<String, Oracles.Congestion> congestion = new LinkedHashMap<>();
  private final Map<String, Oracles.Incident> incidents = new LinkedHashMap<>();
  private final Oracles.Air pm10;
  private final Oracles.Air pm25;

  public GroundTruthBuilder(World world, Criteria criteria, long seed) {
    this.world = world;
    this.criteria = criteria;
    this.seed = seed;
    this.scenario = world.scenario();
    this.tenant = world.tenant();
    this.pm10 = new Oracles.Air(criteria, Quantity.PM10);
    this.pm25 = new Oracles.Air(criteria, Quantity.PM25);
  }

  /** Every injected event with the alerts it should cause, in event order, then {@code background} if needed. */
  public List<GroundTruthEvent> build() {
    replay();
    List<Expected> expected = expectedAlerts();
    List<GroundTruthEvent> out = new ArrayList<>();
    for (ScenarioEvent e : scenario.events()) {
      List<Expected> mine = expected.stream().filter(x -> x.cause.equals(e.id())).toList();
      out.add(event(e.id(), e.kind(), scenario.start().plus(e.at()), scenario.start().plus(e.end()), mine, affectedDevices(e),
          affectedSegments(e), area(e), acceptable(e)));
    }
    List<Expected> unexplained = expected.stream().filter(x -> x.cause.equals("background")).toList();
    if (!unexplained.isEmpty()) {
      out.add(event("background", "background", scenario.start(), scenario.end(), unexplained, List.of(), List.of(), "", List.of()));
    }
    return out;
  }

  private record Expected(String cause, ExpectedAlert alert) {}

  /** Feeds every non-seismic reading of the run, in time order, to the rule of its device. */
  private void replay() {
    List<Device> devices = tenant.devices().stream().filter(d -> d.kind() != SensorKind.SEISMIC).toList();
    Map<String, List<String>> downstreamOf = new LinkedHashMap<>();
    for (RoadSegment s : tenant.roadSegments()) {
      congestion.put(s.id(), new Oracles.Congestion(criteria.traffic().levels(s.roadClass()), criteria.traffic().persistence()));
      if (!s.downstream().isEmpty()) incidents.put(s.id(), new Oracles.Incident(criteria.traffic().incident()));
      for (String down : s.downstream()) downstreamOf.computeIfAbsent(down, k -> new ArrayList<>()).add(s.id());
    }
    MessageStream stream = new MessageStream(world, devices, seed);
    while (stream.hasNext()) {
      SimMessage m = stream.next();
      Device d = m.device();
      switch (d.kind()) {
        case RAIN_GAUGE -> rain.computeIfAbsent(d.id(), id -> new Oracles.Rain(criteria)).accept(m.readings().get(0));
        case RIVER_GAUGE -> rivers.computeIfAbsent(d.id(), id -> new Oracles.River(criteria, d.stages().orElseThrow()))
            .accept(m.readings().get(0));
        case AIR_QUALITY -> {
          pm10.accept(d.id(), reading(m, Quantity.PM10));
          pm25.accept(d.id(), reading(m, Quantity.PM25));
        }
        case FIRE -> fires.computeIfAbsent(d.id(), id -> new Oracles.Fire(criteria)).accept(reading(m, Quantity.TEMPERATURE),
            reading(m, Quantity.SMOKE));
        case TRAFFIC_LOOP -> {
          String segment = d.segment().orElseThrow();
          congestion.get(segment).accept(d.id(), reading(m, Quantity.SPEED));
          double occupancy = reading(m, Quantity.OCCUPANCY).value();
          if (incidents.containsKey(segment)) incidents.get(segment).accept(true, d.id(), occupancy, m.time());
          for (String up : downstreamOf.getOrDefault(segment, List.of())) {
            incidents.get(up).accept(false, d.id(), occupancy, m.time());
          }
        }
        case SEISMIC -> { }
      }
    }
  }

  private static Reading reading(SimMessage m, Quantity q) {
    return m.readings().stream().filter(r -> r.quantity() == q).findFirst().orElseThrow();
  }

  private List<Expected> expectedAlerts() {
    List<Expected> out = new ArrayList<>();
    rain.forEach((device, o) -> expect(out, AlertKind.HEAVY_RAIN, device, o.peak, firstOf(ScenarioEvent.RainStorm.class)));
    rivers.forEach((device, o) -> expect(out, AlertKind.FLOOD, device, o.peak, firstOf(ScenarioEvent.RainStorm.class)));
    expect(out, AlertKind.AIR_QUALITY, "pm10", pm10.peak, firstOf(ScenarioEvent.YellowDust.class));
    expect(out, AlertKind.AIR_QUALITY, "pm25", pm25.peak, firstOf(ScenarioEvent.YellowDust.class));
    fires.forEach((device, o) -> expect(out, AlertKind.FIRE, device, o.peak,
        first(ScenarioEvent.BuildingFire.class, f -> affectedDevices(f).contains(device))));
    incidents.forEach((segment, o) -> expect(out, AlertKind.TRAFFIC_INCIDENT, segment, o.peak,
        first(ScenarioEvent.TrafficIncident.class, i -> i.segment().equals(segment))));
    congestion.forEach((segment, o) -> expect(out, AlertKind.TRAFFIC_CONGESTION, segment, o.peak, congestionCause(segment)));
    for (ScenarioEvent e : scenario.events()) {
      if (e instanceof ScenarioEvent.Earthquake q) earthquake(q).ifPresent(a -> out.add(new Expected(q.id(), a)));
      if (e instanceof ScenarioEvent.SensorFault f) fault(f).ifPresent(a -> out.add(new Expected(f.id(), a)));
    }
    return out;
  }

  private void expect(List<Expected> out, AlertKind kind, String subject, Peak peak, Optional<String> cause) {
    peak.max().ifPresent(severity -> out.add(new Expected(cause.orElse("background"),
        new ExpectedAlert(kind, subject, severity, peak.firstCrossing()))));
  }

  /** A segment's congestion is the incident's (at or just upstream of it), else a rush hour's on its road. */
  private Optional<String> congestionCause(String segment) {
    Optional<String> incident = first(ScenarioEvent.TrafficIncident.class, i -> i.segment().equals(segment)
        || tenant.segment(i.segment()).map(s -> s.upstream().contains(segment)).orElse(false));
    return incident.isPresent() ? incident : first(ScenarioEvent.RushHour.class, r -> r.roads().stream().anyMatch(road -> segment.startsWith(road + "-")));
  }

  /**
   * One alert for the whole event: severity from the highest intensity at any station, from the
   * peak acceleration in the very samples the stations send (P and S waves overlap near the
   * epicentre, so the measured peak can exceed the model's PGA).
   */
  private Optional<ExpectedAlert> earthquake(ScenarioEvent.Earthquake q) {
    double peak = 0;
    double nearestKm = Double.MAX_VALUE;
    Instant origin = scenario.start().plus(q.at());
    for (Device d : tenant.devices()) {
      if (d.kind() != SensorKind.SEISMIC) continue;
      nearestKm = Math.min(nearestKm, World.hypocentralKm(q, d.location()));
      for (Instant t = origin.plusSeconds(1); !t.isAfter(origin.plus(q.duration()).plusSeconds(1)); t = t.plusSeconds(1)) {
        for (Reading r : world.readings(d, t)) peak = Math.max(peak, Math.abs(r.value()));
      }
    }
    Optional<Severity> severity = criteria.earthquake().severity(EarthquakeCriteria.intensity(peak * 100));
    Instant firstArrival = origin.plusMillis((long) (nearestKm / criteria.earthquake().pWaveKmPerSecond() * 1000));
    return severity.map(s -> new ExpectedAlert(AlertKind.EARTHQUAKE, null, s, firstArrival));
  }

  /** A stuck sensor once it has repeated itself long enough; silence once it exceeds the offline rule. */
  private Optional<ExpectedAlert> fault(ScenarioEvent.SensorFault f) {
    Device d = tenant.device(f.device()).orElseThrow();
    Instant start = scenario.start().plus(f.at());
    return switch (f.fault()) {
      case STUCK -> f.duration().compareTo(d.interval().multipliedBy(criteria.deviceFault().stuckReadings())) > 0
          ? Optional.of(new ExpectedAlert(AlertKind.DEVICE_FAULT, d.id(), Severity.ATTENTION,
              start.plus(d.interval().multipliedBy(criteria.deviceFault().stuckReadings()))))
          : Optional.empty();
      case DROPOUT -> f.duration().compareTo(d.interval().multipliedBy(criteria.deviceFault().offlineAfterIntervals() + 1L)) > 0
          ? Optional.of(new ExpectedAlert(AlertKind.DEVICE_FAULT, d.id(), Severity.ATTENTION,
              start.plus(d.interval().multipliedBy(criteria.deviceFault().offlineAfterIntervals()))))
          : Optional.empty();
      case OFFLINE -> Optional.of(new ExpectedAlert(AlertKind.DEVICE_FAULT, d.id(), Severity.ATTENTION, start));
    };
  }

  private <T extends ScenarioEvent> Optional<String> firstOf(Class<T> type) {
    return first(type, e -> true);
  }

  private <T extends ScenarioEvent> Optional<String> first(Class<T> type, Predicate<T> matches) {
    return scenario.events().stream().filter(type::isInstance).map(type::cast).filter(matches).map(ScenarioEvent::id).findFirst();
  }

  private List<String> affectedDevices(ScenarioEvent e) {
    if (e instanceof ScenarioEvent.BuildingFire f) {
      Device ignition = tenant.device(f.device()).orElseThrow();
      return tenant.devices().stream().filter(d -> d.kind() == SensorKind.FIRE)
          .filter(d -> Shapes.km(ignition.location(), d.location()) * 1000 <= f.radiusMetres()).map(Device::id).sorted().toList();
    }
    if (e instanceof ScenarioEvent.SensorFault f) return List.of(f.device());
    if (e instanceof ScenarioEvent.Earthquake q) {
      return tenant.devices().stream().filter(d -> d.kind() == SensorKind.SEISMIC)
          .sorted(Comparator.comparingDouble(d -> World.hypocentralKm(q, d.location()))).map(Device::id).toList();
    }
    return List.of();
  }

  private List<String> affectedSegments(ScenarioEvent e) {
    if (e instanceof ScenarioEvent.TrafficIncident i) {
      RoadSegment s = tenant.segment(i.segment()).orElseThrow();
      List<String> out = new ArrayList<>(s.upstream());
      out.add(s.id());
      out.addAll(s.downstream());
      return out;
    }
    if (e instanceof ScenarioEvent.RushHour r) {
      return tenant.roadSegments().stream().map(RoadSegment::id)
          .filter(id -> r.roads().stream().anyMatch(road -> id.startsWith(road + "-"))).toList();
    }
    return List.of();
  }

  private static String area(ScenarioEvent e) {
    if (e instanceof ScenarioEvent.RainStorm s) {
      return String.format(java.util.Locale.ROOT, "circle %.4f,%.4f r=%.1f km", s.centre().lat(), s.centre().lon(), s.radiusKm());
    }
    if (e instanceof ScenarioEvent.Earthquake q) {
      return String.format(java.util.Locale.ROOT, "epicentre %.4f,%.4f depth %.0f km M%.1f", q.epicentre().lat(), q.epicentre().lon(),
          q.depthKm(), q.magnitude());
    }
    return e instanceof ScenarioEvent.YellowDust ? "whole tenant" : "";
  }

  /** An incident or a heavy rush hour is unusual traffic too; the anomaly detector may say so. */
  private static List<AlertKind> acceptable(ScenarioEvent e) {
    return e instanceof ScenarioEvent.TrafficIncident || e instanceof ScenarioEvent.RushHour ? List.of(AlertKind.TRAFFIC_ANOMALY) : List.of();
  }

  private GroundTruthEvent event(String id, String kind, Instant start, Instant end, List<Expected> expected, List<String> devices,
                                 List<String> segments, String area, List<AlertKind> acceptable) {
    List<ExpectedAlert> alerts = expected.stream().map(Expected::alert).toList();
    Severity severity = alerts.stream().map(ExpectedAlert::severity).max(Comparator.naturalOrder()).orElse(null);
    return new GroundTruthEvent(scenario.name(), id, kind, tenant.id(), start, end, devices, segments, area, severity, alerts, acceptable);
  }
}
