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
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.TenantKey;
import dev.citywatch.model.criteria.FloodCriteria;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.River;
import dev.citywatch.model.inventory.StageLevels;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * River stage per gauge (key: {@code tenant/deviceId}) against the gauge's own four levels, one
 * level higher while the river rises fast. Resolved only after the stage has stayed below the
 * lowest level for {@code resolve_after} (hysteresis: a stage hovering at a line does not flap).
 * The state goes when the gauge has been silent for two rise windows and nothing is open.
 */
public final class FloodDetector extends KeyedProcessFunction<String, TelemetryRecord, Alert> {
  private final CityReference city;
  private transient ValueState<LevelWindow> window;
  private transient Lifecycle alert;

  public FloodDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    window = getRuntimeContext().getState(new ValueStateDescriptor<>("stage-window", LevelWindow.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(TelemetryRecord r, Context ctx, Collector<Alert> out) throws Exception {
    FloodCriteria rules = city.criteria().flood();
    Device gauge = Places.device(city.inventory(), r.tenant(), r.deviceId());
    StageLevels stages = gauge.stages().orElseThrow(() -> new IllegalStateException(gauge.id() + " has no stage levels"));
    long t = r.eventTime().toEpochMilli();
    LevelWindow w = window.value() == null ? new LevelWindow() : window.value();
    w.add(t, r.readings().get(0).value());
    long now = w.latestTime();
    long span = rules.riseWindow().toMillis();
    w.keepFrom(now - span);
    window.update(w);
    double level = w.latest();
    double rise = w.ratePerHour((long) (span * 0.9));
    Optional<Severity> severity = rules.severity(stages, level, rise);
    if (severity.isPresent()) {
      alert.raise(content(r.tenant(), gauge, severity.get(), level, rise, now), Instant.ofEpochMilli(now), r.trail(),
          Times.now(ctx.timerService())).ifPresent(out::collect);
    } else if (alert.isOpen()) {
      ctx.timerService().registerEventTimeTimer(alert.track().lastActiveMillis + rules.resolveAfter().toMillis());
    }
    ctx.timerService().registerEventTimeTimer(now + 2 * span);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    FloodCriteria rules = city.criteria().flood();
    TenantKey key = TenantKey.parse(ctx.getCurrentKey());
    LevelWindow w = window.value();
    AlertTrack track = alert.track();
    if (track != null && w != null && w.latestTime() > track.lastActiveMillis
        && track.lastActiveMillis + rules.resolveAfter().toMillis() <= timestamp && !Times.endOfInput(ctx.timerService())) {
      Device gauge = Places.device(city.inventory(), key.tenant(), key.id());
      long at = track.lastActiveMillis + rules.resolveAfter().toMillis();
      AlertContent c = content(key.tenant(), gauge, track.severity, w.latest(), 0, at);
      alert.resolveOnTimer(c.withHeadlines(riverName(key.tenant(), gauge, true) + " " + gauge.id() + " 수위 관심 수위 아래로 회복",
              riverName(key.tenant(), gauge, false) + " gauge " + gauge.id() + ": stage back below the attention level"),
          Instant.ofEpochMilli(at), ctx.timerService()).ifPresent(out::collect);
    }
    if (w != null && w.latestTime() + 2 * rules.riseWindow().toMillis() <= timestamp && !alert.isOpen()) {
      window.clear();
    }
  }

  private AlertContent content(String tenant, Device gauge, Severity severity, double level, double rise, long now) {
    String ko = riverName(tenant, gauge, true) + " " + gauge.id() + " 수위 " + severity.korean() + " 단계: " + String.format("%.2f", level)
        + " m" + (rise > 0 ? ", 시간당 " + String.format("%.2f", rise) + " m 상승" : "");
    String en = riverName(tenant, gauge, false) + " gauge " + gauge.id() + ": stage at " + severity.name().toLowerCase() + " level, "
        + String.format("%.2f", level) + " m" + (rise > 0 ? ", rising " + String.format("%.2f", rise) + " m/h" : "");
    StageLevels s = gauge.stages().orElseThrow();
    return new AlertContent(tenant, AlertKind.FLOOD, gauge.id(), severity, ko, en, gauge.location(), gauge.district(),
        Map.of("level_m", round(level), "rise_m_per_h", round(rise), "attention_m", s.attention(), "caution_m", s.caution(),
            "warning_m", s.warning(), "severe_m", s.severe()),
        Instant.ofEpochMilli(now - city.criteria().flood().riseWindow().toMillis()), Instant.ofEpochMilli(now));
  }

  private String riverName(String tenant, Device gauge, boolean korean) {
    return Places.river(city.inventory(), tenant, gauge).map(korean ? River::name : River::nameEn).orElse(korean ? "하천" : "River");
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
