package dev.citywatch.jobs.detect.disaster;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.detect.alert.AlertContent;
import dev.citywatch.jobs.detect.alert.AlertTrack;
import dev.citywatch.jobs.detect.alert.Lifecycle;
import dev.citywatch.jobs.detect.alert.Places;
import dev.citywatch.jobs.detect.alert.Times;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.criteria.EarthquakeCriteria;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Distances;
import dev.citywatch.model.inventory.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns station triggers into earthquakes, per tenant (key: tenant). An event is declared when at
 * least {@code min_stations} stations have triggered in an order and spacing that P waves can
 * explain: for every two of them, the difference of their trigger times is at most their distance
 * over the P-wave speed, plus a slack. One alert per event, whatever the number of stations; its
 * severity comes from the largest peak acceleration any of them recorded (via intensity), and
 * rises as S waves bring larger peaks. Resolved after {@code resolve_after} without triggers.
 */
public final class EarthquakeAssociator extends KeyedProcessFunction<String, StationTrigger, Alert> {
  private final CityReference city;
  private transient MapState<String, StationTrigger> recent;
  private transient ValueState<Long> firstTrigger;
  private transient Lifecycle alert;

  public EarthquakeAssociator(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    recent = getRuntimeContext().getMapState(new MapStateDescriptor<>("recent-triggers", Types.STRING,
        TypeInformation.of(StationTrigger.class)));
    firstTrigger = getRuntimeContext().getState(new ValueStateDescriptor<>("event-first-trigger", Long.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(StationTrigger trigger, Context ctx, Collector<Alert> out) throws Exception {
    EarthquakeCriteria rules = city.criteria().earthquake();
    StationTrigger known = recent.get(trigger.station());
    if (known == null || trigger.triggeredAtMillis() > known.triggeredAtMillis() + rules.eventWindow().toMillis()) {
      recent.put(trigger.station(), trigger);
    } else {
      recent.put(trigger.station(), new StationTrigger(known.tenant(), known.station(), known.triggeredAtMillis(),
          Math.max(known.peak(), trigger.peak()), trigger.ended(), known.trail()));
    }
    long horizon = trigger.triggeredAtMillis() - rules.eventWindow().toMillis();
    List<StationTrigger> triggers = new ArrayList<>();
    for (String station : stations()) {
      StationTrigger st = recent.get(station);
      if (st.triggeredAtMillis() < horizon && !alert.isOpen()) recent.remove(station); else triggers.add(st);
    }
    List<StationTrigger> event = associate(ctx.getCurrentKey(), triggers, rules);
    if (event.size() >= rules.minStations()) {
      long first = event.get(0).triggeredAtMillis();
      if (firstTrigger.value() == null) firstTrigger.update(first);
      double peak = event.stream().mapToDouble(StationTrigger::peak).max().orElse(0);
      double mmi = EarthquakeCriteria.intensity(peak * 100);
      Optional<Severity> severity = rules.severity(mmi);
      if (severity.isPresent()) {
        alert.raise(content(ctx.getCurrentKey(), event, severity.get(), peak, mmi), Instant.ofEpochMilli(firstTrigger.value()),
            trigger.trail(), Times.now(ctx.timerService())).ifPresent(out::collect);
      }
    }
    if (alert.isOpen()) {
      alert.touch(trigger.triggeredAtMillis());
      ctx.timerService().registerEventTimeTimer(trigger.triggeredAtMillis() + rules.resolveAfter().toMillis());
    }
    ctx.timerService().registerEventTimeTimer(trigger.triggeredAtMillis() + rules.eventWindow().toMillis() + 1);
  }

  /** The stations with a recent trigger, copied: a MapState must not change while it is iterated. */
  private List<String> stations() throws Exception {
    List<String> ids = new ArrayList<>();
    recent.keys().forEach(ids::add);
    return ids;
  }

  /** The largest group of triggers, earliest first, whose times P waves could explain. */
  private List<StationTrigger> associate(String tenant, List<StationTrigger> triggers, EarthquakeCriteria rules) {
    triggers.sort(Comparator.comparingLong(StationTrigger::triggeredAtMillis));
    List<StationTrigger> best = List.of();
    for (int i = 0; i < triggers.size(); i++) {
      List<StationTrigger> group = new ArrayList<>(List.of(triggers.get(i)));
      for (int j = i + 1; j < triggers.size(); j++) {
        StationTrigger candidate = triggers.get(j);
        if (group.stream().allMatch(g -> consistent(tenant, g, candidate, rules))) group.add(candidate);
      }
      if (group.size() > best.size()) best = group;
    }
    return best;
  }

  private boolean consistent(String tenant, StationTrigger a, StationTrigger b, EarthquakeCriteria rules) {
    Device da = Places.device(city.inventory(), tenant, a.station());
    Device db = Places.device(city.inventory(), tenant, b.station());
    double km = Distances.km(da.location(), db.location());
    double allowed = km / rules.pWaveKmPerSecond() * 1000 + rules.associationSlack().toMillis();
    return Math.abs(a.triggeredAtMillis() - b.triggeredAtMillis()) <= allowed;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    EarthquakeCriteria rules = city.criteria().earthquake();
    AlertTrack track = alert.track();
    if (track != null && track.lastActiveMillis + rules.resolveAfter().toMillis() <= timestamp && !Times.endOfInput(ctx.timerService())) {
      long at = track.lastActiveMillis + rules.resolveAfter().toMillis();
      Tenant t = Places.tenant(city.inventory(), ctx.getCurrentKey());
      List<StationTrigger> triggers = new ArrayList<>();
      for (StationTrigger st : recent.values()) triggers.add(st);
      double peak = triggers.stream().mapToDouble(StationTrigger::peak).max().orElse(0);
      AlertContent c = content(ctx.getCurrentKey(), triggers.isEmpty() ? List.of() : associate(ctx.getCurrentKey(), triggers, rules),
          track.severity, peak, EarthquakeCriteria.intensity(peak * 100));
      alert.resolveOnTimer(c.withHeadlines(t.name() + " 지진 상황 종료: " + rules.resolveAfter().toMinutes() + "분간 진동 없음",
          t.nameEn() + ": earthquake over, no shaking for " + rules.resolveAfter().toMinutes() + " minutes"),
          Instant.ofEpochMilli(at), ctx.timerService()).ifPresent(out::collect);
      recent.clear();
      firstTrigger.clear();
    } else if (!alert.isOpen()) {
      long horizon = timestamp - rules.eventWindow().toMillis() - 1;
      for (String station : stations()) {
        if (recent.get(station).triggeredAtMillis() <= horizon) recent.remove(station);
      }
      if (recent.isEmpty()) {
        recent.clear();
        firstTrigger.clear();
      }
    }
  }

  private AlertContent content(String tenant, List<StationTrigger> event, Severity severity, double peak, double mmi) {
    Tenant t = Places.tenant(city.inventory(), tenant);
    StationTrigger first = event.isEmpty() ? null : event.get(0);
    Device nearest = first == null ? t.devices().get(0) : Places.device(city.inventory(), tenant, first.station());
    String roman = roman(mmi);
    String ko = t.name() + " 지진 감지: 관측소 " + event.size() + "곳, 최대 지반가속도 " + Times.format(peak * 100) + " cm/s² (진도 " + roman
        + "), 최초 감지 " + (first == null ? "-" : first.station());
    String en = t.nameEn() + ": earthquake detected by " + event.size() + " stations, peak ground acceleration " + Times.format(peak * 100)
        + " cm/s² (intensity " + roman + "), first at " + (first == null ? "-" : first.station());
    long start = first == null ? 0 : first.triggeredAtMillis();
    long end = event.stream().mapToLong(StationTrigger::triggeredAtMillis).max().orElse(start);
    return new AlertContent(tenant, AlertKind.EARTHQUAKE, tenant, severity, ko, en, nearest.location(), nearest.district(),
        Map.of("stations", (double) event.size(), "peak_pga_cm_s2", Math.round(peak * 1000) / 10.0, "intensity_mmi",
            Math.round(mmi * 10) / 10.0, "first_trigger_epoch_ms", (double) start),
        Instant.ofEpochMilli(start), Instant.ofEpochMilli(end));
  }

  static String roman(double mmi) {
    String[] numerals = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
    int i = (int) Math.floor(mmi) - 1;
    return numerals[Math.max(0, Math.min(11, i))];
  }
}
