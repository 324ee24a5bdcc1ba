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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Unusual traffic on a segment (key: {@code tenant/segment}): the segment's mean speed over
 * 5-minute bins (the resolution of the benchmark the scorer was chosen on) goes through the
 * {@link AnomalyScorer}, which learns it as it streams (local time of day and week matter, so time
 * is KST). A bin is scored when the first reading of a later bin arrives. No alert while the
 * scorer is still learning ({@code warm_up_readings} bins, 2.6 days at the default); a score at or
 * above the threshold fires; {@code resolve_after} below it resolves. The scorer's state is the
 * segment's memory and stays while the segment reports; readings older than the open bin are
 * late for the score and left out.
 * Several devices feed one key, so the input is decided in event-time order ({@link EventTimeOrder}):
 * a replay after a failure then raises exactly the same alerts.
 */
public final class AnomalyDetector extends KeyedProcessFunction<String, LoopReading, Alert> {
  private static final ZoneId LOCAL = ZoneId.of("Asia/Seoul");
  /** A segment silent this long forgets what it learned (a road closed for works comes back different). */
  static final long FORGET_AFTER_MILLIS = 7 * 24 * 3_600_000L;
  private final CityReference city;
  private transient EventTimeOrder<LoopReading> order;
  static final long BIN_MILLIS = AnomalyScorer.SLOT_MINUTES * 60_000L;
  /** The open bin: {start, sum of speeds, readings}. */
  private transient ValueState<double[]> bin;
  private transient ValueState<AnomalyScorer> scorer;
  private transient ValueState<Long> latest;
  private transient Lifecycle alert;

  public AnomalyDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    order = new EventTimeOrder<>(getRuntimeContext(), "in-event-time-order", TypeInformation.of(LoopReading.class), LoopReading::timeMillis,
        Comparator.comparing(LoopReading::detector));
    bin = getRuntimeContext().getState(new ValueStateDescriptor<>("open-bin", double[].class));
    scorer = getRuntimeContext().getState(new ValueStateDescriptor<>("scorer", AnomalyScorer.class));
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Long.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(LoopReading r, Context ctx, Collector<Alert> out) throws Exception {
    order.add(r, ctx.timerService());
  }

  /** Decides on one record, in event-time order. */
  private void decide(LoopReading r, TimerService timers, Collector<Alert> out) throws Exception {
    TrafficCriteria.Anomaly rules = city.criteria().traffic().anomaly();
    long start = r.timeMillis() - Math.floorMod(r.timeMillis(), BIN_MILLIS);
    double[] open = bin.value();
    if (open != null && start < (long) open[0]) return; // late for its bin, which is scored already
    if (open != null && start == (long) open[0]) {
      open[1] += r.speed();
      open[2]++;
      bin.update(open);
      return;
    }
    bin.update(new double[] {start, r.speed(), 1});
    latest.update(r.timeMillis());
    // one forgetting timer per hour of activity, not one per bin
    long forget = r.timeMillis() + FORGET_AFTER_MILLIS;
    timers.registerEventTimeTimer(forget - Math.floorMod(forget, 3_600_000L) + 3_600_000L);
    if (open == null) return;
    long binStart = (long) open[0];
    double mean = open[1] / open[2];
    AnomalyScorer s = scorer.value() == null ? new AnomalyScorer() : scorer.value();
    double score = s.score(LocalDateTime.ofInstant(Instant.ofEpochMilli(binStart), LOCAL), mean);
    scorer.update(s);
    long decidedAt = binStart + BIN_MILLIS;
    if (score >= rules.threshold() && s.seen() > rules.warmUpReadings()) {
      RoadSegment segment = Places.segment(city.inventory(), r.tenant(), r.segment());
      alert.raise(content(r.tenant(), segment, mean, score, binStart), Instant.ofEpochMilli(decidedAt), r.trail(),
          Times.now(timers)).ifPresent(out::collect);
      timers.registerEventTimeTimer(decidedAt + rules.resolveAfter().toMillis());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    for (LoopReading released : order.release(timestamp, ctx.timerService())) decide(released, ctx.timerService(), out);
    TrafficCriteria.Anomaly rules = city.criteria().traffic().anomaly();
    AlertTrack track = alert.track();
    TenantKey key = TenantKey.parse(ctx.getCurrentKey());
    if (track != null && track.lastActiveMillis + rules.resolveAfter().toMillis() <= timestamp && !Times.endOfInput(ctx.timerService())) {
      RoadSegment segment = Places.segment(city.inventory(), key.tenant(), key.id());
      long at = track.lastActiveMillis + rules.resolveAfter().toMillis();
      AlertContent c = content(key.tenant(), segment, Double.NaN, 0, at);
      alert.resolveOnTimer(c.withHeadlines(segment.name() + " 교통 흐름 평소 수준으로 회복", "Traffic on " + segment.id() + " back to its usual pattern"),
          Instant.ofEpochMilli(at), ctx.timerService()).ifPresent(out::collect);
    }
    Long last = latest.value();
    if (last != null && last + FORGET_AFTER_MILLIS <= timestamp && !alert.isOpen()) {
      bin.clear();
      scorer.clear();
      latest.clear();
    }
  }

  private AlertContent content(String tenant, RoadSegment segment, double mean, double score, long t) {
    String speed = Double.isNaN(mean) ? "-" : Times.format(mean);
    String ko = segment.name() + " 평소와 다른 교통 흐름: 평균 속도 " + speed + " km/h, 이상 점수 " + String.format("%.2f", score);
    String en = "Unusual traffic on " + segment.id() + " (" + segment.name() + "): mean speed " + speed + " km/h, anomaly score "
        + String.format("%.2f", score);
    return new AlertContent(tenant, AlertKind.TRAFFIC_ANOMALY, segment.id(), Severity.ATTENTION, ko, en, Places.middle(segment),
        segment.name(), Double.isNaN(mean) ? Map.of("anomaly_score", score) : Map.of("anomaly_score", Math.round(score * 1000) / 1000.0,
            "mean_speed_kmh", Math.round(mean * 10) / 10.0), Instant.ofEpochMilli(t), Instant.ofEpochMilli(t + BIN_MILLIS));
  }
}
