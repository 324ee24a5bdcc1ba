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
 * 원활/서행/정체 per directed road segment (key: {@code tenant/segment}): the mean of its
 * detectors' latest speeds (of the last 5 minutes) against the levels of its road class. Every
 * update reading 정체 for {@code persistence} fires (so one slow reading never alerts); as long
 * out of 정체 resolves.
 * Several devices feed one key, so the input is decided in event-time order ({@link EventTimeOrder}):
 * a replay after a failure then raises exactly the same alerts.
 */
public final class CongestionDetector extends KeyedProcessFunction<String, LoopReading, Alert> {
  private final CityReference city;
  private transient EventTimeOrder<LoopReading> order;
  /** Per detector: {event time, speed} of its latest reading. */
  private transient MapState<String, double[]> speeds;
  private transient ValueState<Persistence> runs;
  private transient ValueState<Long> latest;
  private transient Lifecycle alert;

  public CongestionDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    order = new EventTimeOrder<>(getRuntimeContext(), "in-event-time-order", TypeInformation.of(LoopReading.class), LoopReading::timeMillis,
        Comparator.comparing(LoopReading::detector));
    speeds = getRuntimeContext().getMapState(new MapStateDescriptor<>("latest-speeds", String.class, double[].class));
    runs = getRuntimeContext().getState(new ValueStateDescriptor<>("persistence", Persistence.class));
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Long.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(LoopReading r, Context ctx, Collector<Alert> out) throws Exception {
    order.add(r, ctx.timerService());
  }

  /** Decides on one record, in event-time order. */
  private void decide(LoopReading r, TimerService timers, Collector<Alert> out) throws Exception {
    TrafficCriteria rules = city.criteria().traffic();
    RoadSegment segment = Places.segment(city.inventory(), r.tenant(), r.segment());
    double[] known = speeds.get(r.detector());
    if (known != null && known[0] >= r.timeMillis()) return; // older than what the detector already said
    speeds.put(r.detector(), new double[] {r.timeMillis(), r.speed()});
    double sum = 0;
    int n = 0;
    for (double[] s : speeds.values()) {
      if (s[0] < r.timeMillis() - STALE_MILLIS) continue; // a detector that stopped reporting does not speak for the segment
      sum += s[1];
      n++;
    }
    double mean = sum / n;
    TrafficCriteria.Level level = rules.levels(segment.roadClass()).level(mean);
    Persistence run = runs.value() == null ? new Persistence() : runs.value();
    run.see(level == TrafficCriteria.Level.CONGESTED, r.timeMillis());
    runs.update(run);
    latest.update(Math.max(r.timeMillis(), latest.value() == null ? r.timeMillis() : latest.value()));
    Instant now = Times.now(timers);
    long persistence = rules.persistence().toMillis();
    if (run.heldFor(true, r.timeMillis()) >= persistence) {
      alert.raise(content(r.tenant(), segment, mean, level, r.timeMillis()), Instant.ofEpochMilli(r.timeMillis()), r.trail(), now)
          .ifPresent(out::collect);
    } else if (alert.isOpen() && run.heldFor(false, r.timeMillis()) >= persistence) {
      AlertContent c = content(r.tenant(), segment, mean, level, r.timeMillis());
      alert.resolve(c.withHeadlines(segment.name() + " 정체 해소: 평균 " + Times.format(mean) + " km/h (" + level.korean() + ")",
          "Congestion cleared on " + segment.id() + ": mean speed " + Times.format(mean) + " km/h (" + level.english() + ")"),
          Instant.ofEpochMilli(r.timeMillis()), r.trail(), now).ifPresent(out::collect);
    }
    timers.registerEventTimeTimer(r.timeMillis() + SILENCE_MILLIS);
  }

  /** A detector whose latest reading is this much older than the segment's newest is left out of the mean. */
  static final long STALE_MILLIS = 5 * 60_000L;

  /** A segment silent this long (event time) forgets its detectors' speeds. */
  static final long SILENCE_MILLIS = 30 * 60_000L;

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    for (LoopReading released : order.release(timestamp, ctx.timerService())) decide(released, ctx.timerService(), out);
    Long last = latest.value();
    if (last != null && last + SILENCE_MILLIS <= timestamp && !alert.isOpen()) {
      speeds.clear();
      runs.clear();
      latest.clear();
    }
  }

  private AlertContent content(String tenant, RoadSegment segment, double mean, TrafficCriteria.Level level, long t) {
    TrafficCriteria.SpeedLevels levels = city.criteria().traffic().levels(segment.roadClass());
    String ko = segment.name() + " " + level.korean() + ": 평균 속도 " + Times.format(mean) + " km/h";
    String en = "Congestion on " + segment.id() + " (" + segment.name() + "): mean speed " + Times.format(mean) + " km/h ("
        + level.english() + ")";
    return new AlertContent(tenant, AlertKind.TRAFFIC_CONGESTION, segment.id(), Severity.ATTENTION, ko, en, Places.middle(segment),
        segment.name(), Map.of("mean_speed_kmh", Math.round(mean * 10) / 10.0, "congested_below_kmh", levels.congestedBelow(),
            "free_above_kmh", levels.freeAbove()), Instant.ofEpochMilli(t), Instant.ofEpochMilli(t));
  }
}
