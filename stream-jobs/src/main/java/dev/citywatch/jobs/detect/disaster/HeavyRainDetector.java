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
import dev.citywatch.model.criteria.HeavyRainCriteria;
import dev.citywatch.model.inventory.Device;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * KMA heavy-rain levels per rain gauge (key: {@code tenant/deviceId}). On every reading the rain of
 * the last 1, 3 and 12 hours is summed and checked against the criteria, so an advisory leaves with
 * the reading that crosses the line. Resolved after no line has held for {@code resolve_after};
 * the state goes once the last 12 hours are dry and nothing is open.
 */
public final class HeavyRainDetector extends KeyedProcessFunction<String, TelemetryRecord, Alert> {
  static final long HOUR = Duration.ofHours(1).toMillis();
  private final CityReference city;
  private transient ValueState<RainWindow> window;
  private transient ValueState<Long> latest;
  private transient Lifecycle alert;

  public HeavyRainDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    window = getRuntimeContext().getState(new ValueStateDescriptor<>("rain-12h", RainWindow.class));
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest-reading", Long.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(TelemetryRecord r, Context ctx, Collector<Alert> out) throws Exception {
    long t = r.eventTime().toEpochMilli();
    long now = Math.max(t, latest.value() == null ? t : latest.value());
    latest.update(now);
    RainWindow w = window.value() == null ? new RainWindow() : window.value();
    double mm = r.readings().stream().mapToDouble(x -> x.value()).sum();
    if (mm > 0) w.add(t, mm);
    w.evictUpTo(now - 12 * HOUR);
    window.update(w);
    HeavyRainCriteria rules = city.criteria().heavyRain();
    double h1 = w.sum(now, HOUR);
    double h3 = w.sum(now, 3 * HOUR);
    double h12 = w.sum(now, 12 * HOUR);
    Optional<Severity> level = rules.severity(h1, h3, h12);
    if (level.isPresent()) {
      alert.raise(content(r.tenant(), r.deviceId(), level.get(), h1, h3, h12, now), Instant.ofEpochMilli(now), r.trail(),
          Times.now(ctx.timerService())).ifPresent(out::collect);
    }
    if (alert.isOpen()) {
      ctx.timerService().registerEventTimeTimer(alert.track().lastActiveMillis + rules.resolveAfter().toMillis());
    }
    // Once the last rain is 12 hours old the window is empty; look then whether anything is left to keep.
    ctx.timerService().registerEventTimeTimer(now + 12 * HOUR + 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    HeavyRainCriteria rules = city.criteria().heavyRain();
    TenantKey key = TenantKey.parse(ctx.getCurrentKey());
    AlertTrack track = alert.track();
    if (track != null && track.lastActiveMillis + rules.resolveAfter().toMillis() <= timestamp && !Times.endOfInput(ctx.timerService())) {
      RainWindow w = window.value() == null ? new RainWindow() : window.value();
      long at = track.lastActiveMillis + rules.resolveAfter().toMillis();
      AlertContent c = content(key.tenant(), key.id(), track.severity, w.sum(at, HOUR), w.sum(at, 3 * HOUR), w.sum(at, 12 * HOUR), at);
      Device d = Places.device(city.inventory(), key.tenant(), key.id());
      alert.resolveOnTimer(c.withHeadlines(d.district() + " 호우 특보 기준 해제 (" + d.id() + ")",
              "Heavy rain at " + d.id() + " (" + d.district() + ") below the advisory lines"),
          Instant.ofEpochMilli(at), ctx.timerService()).ifPresent(out::collect);
    }
    RainWindow w = window.value();
    if (w != null) {
      w.evictUpTo(timestamp - 12 * HOUR - 1);
      if (w.isEmpty()) window.clear(); else window.update(w);
    }
    if (window.value() == null && !alert.isOpen()) latest.clear();
  }

  private AlertContent content(String tenant, String deviceId, Severity severity, double h1, double h3, double h12, long now) {
    Device d = Places.device(city.inventory(), tenant, deviceId);
    String levelKo = switch (severity) {
      case ATTENTION -> "강한 비 (관심)";
      case CAUTION -> "호우주의보 기준 (주의)";
      case WARNING, SEVERE -> "호우경보 기준 (경계)";
    };
    String levelEn = switch (severity) {
      case ATTENTION -> "intense rain (attention)";
      case CAUTION -> "heavy rain advisory level (caution)";
      case WARNING, SEVERE -> "heavy rain warning level (warning)";
    };
    String ko = d.district() + " " + levelKo + ": 1시간 " + Times.format(h1) + " mm, 3시간 " + Times.format(h3) + " mm, 12시간 "
        + Times.format(h12) + " mm (" + d.id() + ")";
    String en = "Rain gauge " + d.id() + " (" + d.district() + "): " + levelEn + ", " + Times.format(h1) + " mm in 1 h, "
        + Times.format(h3) + " mm in 3 h, " + Times.format(h12) + " mm in 12 h";
    return new AlertContent(tenant, AlertKind.HEAVY_RAIN, deviceId, severity, ko, en, d.location(), d.district(),
        Map.of("rain_1h_mm", round(h1), "rain_3h_mm", round(h3), "rain_12h_mm", round(h12)),
        Instant.ofEpochMilli(now - 12 * HOUR), Instant.ofEpochMilli(now));
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
