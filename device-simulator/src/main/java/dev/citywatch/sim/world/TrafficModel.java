package dev.citywatch.sim.world;

import dev.citywatch.model.inventory.RoadSegment;
import dev.citywatch.model.inventory.Tenant;
import dev.citywatch.sim.scenario.ScenarioEvent.RushHour;
import dev.citywatch.sim.scenario.ScenarioEvent.TrafficIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic on each directed segment as a density ratio ρ = k / k_jam, with speed, flow and
 * occupancy from Greenshields' fundamental diagram (v = v_f (1 − ρ), q = v k), so the three
 * quantities a loop detector reports always agree with each other.
 *
 * <p>Demand follows a weekday (morning and evening rush) or weekend profile and travels down a road
 * with a lag per segment. A rush-hour event multiplies a road's demand; an incident fills its
 * segment and, later, the one upstream, and starves the one downstream (what incident detection
 * compares).
 */
final class TrafficModel {
  /** Jam density per lane, vehicles per km, and lanes per direction. */
  static final double JAM_DENSITY = 140;
  static final int LANES = 2;
  private static final Duration SEGMENT_LAG = Duration.ofMinutes(2);
  private static final Duration INCIDENT_RAMP = Duration.ofMinutes(3);
  private static final Duration SPILLBACK_DELAY = Duration.ofMinutes(8);

  private final Instant origin;
  private final Noise noise;
  private final List<RushHour> rushHours;
  private final List<TrafficIncident> incidents;
  private final Map<String, RoadSegment> segments = new HashMap<>();

  TrafficModel(Tenant tenant, Instant origin, Noise noise, List<RushHour> rushHours, List<TrafficIncident> incidents) {
    this.origin = origin;
    this.noise = noise;
    this.rushHours = List.copyOf(rushHours);
    this.incidents = List.copyOf(incidents);
    tenant.roadSegments().forEach(s -> segments.put(s.id(), s));
  }

  RoadSegment segment(String id) {
    RoadSegment s = segments.get(id);
    if (s == null) throw new IllegalArgumentException("no road segment " + id);
    return s;
  }

  /** Density ratio of {@code segmentId} at {@code t}, 0 (empty) to 0.98 (standing queue). */
  double density(String segmentId, Instant t) {
    RoadSegment s = segment(segmentId);
    int position = position(s.id());
    Instant demandTime = t.minus(SEGMENT_LAG.multipliedBy(position - 1L));
    double rho = profile(demandTime) * (0.85 + 0.15 * noise.uniform("segment-factor", s.id().hashCode()));
    for (RushHour r : rushHours) {
      if (r.roads().contains(road(s.id()))) {
        Instant start = origin.plus(r.at());
        double e = Shapes.trapezoid(demandTime, start, start.plus(r.duration()), Duration.ofMinutes(15));
        rho *= 1 + (r.demandFactor() - 1) * e;
      }
    }
    for (TrafficIncident i : incidents) {
      Instant start = origin.plus(i.at());
      Instant end = start.plus(i.duration());
      RoadSegment at = segment(i.segment());
      if (at.id().equals(s.id())) {
        rho = Math.max(rho, rho + (0.92 - rho) * i.capacityLoss() * Shapes.trapezoid(t, start, end, INCIDENT_RAMP));
      } else if (at.upstream().contains(s.id())) {
        // The queue reaches back after a while and drains when the blockage is cleared.
        double e = Shapes.trapezoid(t, start.plus(SPILLBACK_DELAY), end, INCIDENT_RAMP);
        rho = Math.max(rho, rho + (0.88 - rho) * i.capacityLoss() * e);
      } else if (at.downstream().contains(s.id())) {
        rho *= 1 - 0.75 * i.capacityLoss() * Shapes.trapezoid(t, start, end, INCIDENT_RAMP);
      }
    }
    return Math.max(0.02, Math.min(0.98, rho));
  }

  /** Share of jam density from everyday demand: morning and evening rush on weekdays, a midday hump on weekends. */
  static double profile(Instant t) {
    double h = Shapes.hourOfDay(t);
    if (Shapes.weekend(t)) {
      return 0.10 + 0.24 * Shapes.gaussianBump(h, 14, 3.0);
    }
    return 0.10 + 0.38 * Shapes.gaussianBump(h, 8.0, 0.8) + 0.33 * Shapes.gaussianBump(h, 18.5, 1.0)
        + 0.16 * Shapes.gaussianBump(h, 13.0, 2.5);
  }

  /** The road of a segment id ({@code road-dir-n}: everything before the last two parts). */
  static String road(String segmentId) {
    int last = segmentId.lastIndexOf('-');
    int dir = segmentId.lastIndexOf('-', last - 1);
    return segmentId.substring(0, dir);
  }

  private static int position(String segmentId) {
    return Integer.parseInt(segmentId.substring(segmentId.lastIndexOf('-') + 1));
  }
}
