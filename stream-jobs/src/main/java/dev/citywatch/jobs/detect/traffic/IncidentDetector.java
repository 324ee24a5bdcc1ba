package dev.citywatch.jobs.detect.traffic;

import dev.citywatch.jobs.common.CityReference;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimerService;
import java.util.Comparator;
import dev.citywatch.jobs.common.EventTimeOrder;
import dev.citywatch.jobs.detect.alert.AlertContent;
import dev.citywatch.jobs.detect.alert.AlertTrack;
import dev.citywatch.jobs.detect.alert.Lifecycle;
import dev.citywatch.jobs.detect.alert.Places;
import dev.citywatch.jobs.detect.alert.Times;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TenantKey;
import dev.citywatch.model.criteria.TrafficCriteria;
import dev.citywatch.model.inventory.RoadSegment;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A blockage at the end of a segment (key: {@code tenant/segment}), after the California
 * algorithms: occupancy above it (the segment's own detectors) much higher than below it (the
 * downstream segment's), by a difference and a relative difference, while below it the road is
 * emptier than it usually is; on every update for {@code persistence}. Recurring congestion
 * fills both sides and does not look like this. The downstream segment's usual occupancy is a slow
 * average (30 minutes) that stops learning while an incident is suspected.
 * Several devices feed one key, so the input is decided in event-time order ({@link EventTimeOrder}):
 * a replay after a failure then raises exactly the same alerts.
 */
public final class IncidentDetector extends KeyedProcessFunction<String, OccupancyUpdate, Alert> {
  static final double USUAL_TIME_CONSTANT_S = 1_800;
  private final CityReference city;
  private transient EventTimeOrder<OccupancyUpdate> order;
  /** Per detector: {event time, occupancy} of its latest reading, above and below the segment's end. */
  private transient MapState<String, double[]> upstream;
  private transient MapState<String, double[]> downstream;
  private transient ValueState<IncidentState> state;
  private transient Lifecycle alert;

  /** The usual downstream occupancy and the runs of suspicious and clear updates. A Flink POJO. */
  public static class IncidentState {
    public double usualDownstream = Double.NaN;
    public long usualAt;
    public Persistence run = new Persistence();
    public long latest;

    public IncidentState() {}
  }

  public IncidentDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    order = new EventTimeOrder<>(getRuntimeContext(), "in-event-time-order", TypeInformation.of(OccupancyUpdate.class), OccupancyUpdate::timeMillis,
        Comparator.comparing(OccupancyUpdate::detector).thenComparing(OccupancyUpdate::upstream));
    upstream = getRuntimeContext().getMapState(new MapStateDescriptor<>("upstream-occupancy", String.class, double[].class));
    downstream = getRuntimeContext().getMapState(new MapStateDescriptor<>("downstream-occupancy", String.class, double[].class));
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("incident", IncidentState.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(OccupancyUpdate u, Context ctx, Collector<Alert> out) throws Exception {
    order.add(u, ctx.timerService());
  }

  /** Decides on one record, in event-time order. */
  private void decide(OccupancyUpdate u, TimerService timers, Collector<Alert> out) throws Exception {
    TrafficCriteria.Incident rule = city.criteria().traffic().incident();
    MapState<String, double[]> side = u.upstream() ? upstream : downstream;
    double[] known = side.get(u.detector());
    if (known != null && known[0] >= u.timeMillis()) return; // older than what the detector already said
    side.put(u.detector(), new double[] {u.timeMillis(), u.occupancy()});
    IncidentState s = state.value() == null ? new IncidentState() : state.value();
    s.latest = Math.max(s.latest, u.timeMillis());
    if (!upstream.isEmpty() && !downstream.isEmpty()) {
      double up = mean(upstream.values());
      double down = mean(downstream.values());
      boolean looks = up - down >= rule.occupancyDifference() && up > 0 && (up - down) / up >= rule.relativeDifference()
          && !Double.isNaN(s.usualDownstream) && down <= rule.downstreamRatio() * s.usualDownstream;
      s.run.see(looks, u.timeMillis());
      if (!looks && !u.upstream()) learn(s, down, u.timeMillis());
      TenantKey key = TenantKey.parse(u.segmentKey());
      RoadSegment segment = Places.segment(city.inventory(), key.tenant(), key.id());
      Instant now = Times.now(timers);
      long persistence = rule.persistence().toMillis();
      if (s.run.heldFor(true, u.timeMillis()) >= persistence) {
        alert.raise(content(key.tenant(), segment, up, down, s.usualDownstream, u.timeMillis()), Instant.ofEpochMilli(u.timeMillis()),
            u.trail(), now).ifPresent(out::collect);
      } else if (alert.isOpen() && s.run.heldFor(false, u.timeMillis()) >= persistence) {
        AlertContent c = content(key.tenant(), segment, up, down, s.usualDownstream, u.timeMillis());
        alert.resolve(c.withHeadlines(segment.name() + " 사고 추정 상황 해소", "Suspected incident on " + segment.id() + " cleared"),
            Instant.ofEpochMilli(u.timeMillis()), u.trail(), now).ifPresent(out::collect);
      }
    } else if (!u.upstream()) {
      learn(s, u.occupancy(), u.timeMillis());
    }
    state.update(s);
    timers.registerEventTimeTimer(u.timeMillis() + CongestionDetector.SILENCE_MILLIS);
  }

  private static void learn(IncidentState s, double down, long t) {
    if (Double.isNaN(s.usualDownstream)) {
      s.usualDownstream = down;
    } else {
      double dt = Math.max(0, t - s.usualAt) / 1000.0;
      s.usualDownstream += (1 - Math.exp(-dt / USUAL_TIME_CONSTANT_S)) * (down - s.usualDownstream);
    }
    s.usualAt = t;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    for (OccupancyUpdate released : order.release(timestamp, ctx.timerService())) decide(released, ctx.timerService(), out);
    IncidentState s = state.value();
    if (s != null && s.latest + CongestionDetector.SILENCE_MILLIS <= timestamp && !alert.isOpen()) {
      upstream.clear();
      downstream.clear();
      state.clear();
    }
  }

  private AlertContent content(String tenant, RoadSegment segment, double up, double down, double usual, long t) {
    String ko = segment.name() + " 사고 추정: 상류 점유율 " + Times.format(up) + "%, 하류 " + Times.format(down) + "% (평소 " + Times.format(usual)
        + "%)";
    String en = "Suspected incident at the end of " + segment.id() + " (" + segment.name() + "): occupancy " + Times.format(up)
        + "% above, " + Times.format(down) + "% below (usually " + Times.format(usual) + "%)";
    return new AlertContent(tenant, AlertKind.TRAFFIC_INCIDENT, segment.id(), Severity.CAUTION, ko, en, segment.to(), segment.name(),
        Map.of("upstream_occupancy_pct", round(up), "downstream_occupancy_pct", round(down), "usual_downstream_occupancy_pct", round(usual)),
        Instant.ofEpochMilli(t), Instant.ofEpochMilli(t));
  }

  private static double mean(Iterable<double[]> values) {
    double s = 0;
    int n = 0;
    for (double[] v : values) {
      s += v[1];
      n++;
    }
    return s / n;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
