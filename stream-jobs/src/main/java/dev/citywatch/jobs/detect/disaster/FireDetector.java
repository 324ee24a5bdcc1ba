package dev.citywatch.jobs.detect.disaster;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.detect.alert.AlertContent;
import dev.citywatch.jobs.detect.alert.AlertTrack;
import dev.citywatch.jobs.detect.alert.Lifecycle;
import dev.citywatch.jobs.detect.alert.Places;
import dev.citywatch.jobs.detect.alert.Times;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.TenantKey;
import dev.citywatch.model.criteria.FireCriteria;
import dev.citywatch.model.inventory.Device;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Fire per sensor (key: {@code tenant/deviceId}), as heat detectors decide: a fixed temperature, or
 * a rate of rise sustained over consecutive readings; smoke at the same time confirms the fire and
 * raises CAUTION to WARNING. Resolved when heat and smoke have been clear for {@code resolve_after}.
 */
public final class FireDetector extends KeyedProcessFunction<String, TelemetryRecord, Alert> {
  private final CityReference city;
  private transient ValueState<FireState> state;
  private transient Lifecycle alert;

  /** The last temperature and how many readings in a row rose fast. A Flink POJO. */
  public static class FireState {
    public long lastTime;
    public double lastTemperature;
    public int rising;

    public FireState() {}
  }

  public FireDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("last-temperature", FireState.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(TelemetryRecord r, Context ctx, Collector<Alert> out) throws Exception {
    FireCriteria rules = city.criteria().fire();
    // A sensor may report one quantity only (the schema allows it): no smoke reading counts as no
    // smoke, and without a temperature there is no heat to judge. A missing value never fails the job.
    OptionalDouble heatReading = r.first(Quantity.TEMPERATURE);
    double smoke = r.first(Quantity.SMOKE).orElse(0);
    long t = r.eventTime().toEpochMilli();
    if (heatReading.isEmpty()) {
      if (smoke >= rules.smokeConfirmPercent()) alert.touch(t);
      return;
    }
    double temperature = heatReading.getAsDouble();
    FireState s = state.value();
    double rate = 0;
    if (s == null) {
      s = new FireState();
    } else if (t > s.lastTime) {
      rate = (temperature - s.lastTemperature) / ((t - s.lastTime) / 60_000.0);
      s.rising = rate >= rules.rateOfRiseCPerMinute() ? s.rising + 1 : 0;
    }
    if (t >= s.lastTime) {
      s.lastTime = t;
      s.lastTemperature = temperature;
    }
    state.update(s);
    boolean heat = temperature >= rules.fixedTemperatureC() || s.rising >= rules.rateSustainedReadings();
    if (heat) {
      Severity severity = smoke >= rules.smokeConfirmPercent() ? Severity.WARNING : Severity.CAUTION;
      alert.raise(content(r.tenant(), r.deviceId(), severity, temperature, rate, smoke, t), r.eventTime(), r.trail(),
          Times.now(ctx.timerService())).ifPresent(out::collect);
    } else if (smoke >= rules.smokeConfirmPercent()) {
      alert.touch(t); // smoke without heat keeps an open fire alert open
    }
    if (alert.isOpen()) {
      ctx.timerService().registerEventTimeTimer(alert.track().lastActiveMillis + rules.resolveAfter().toMillis());
    }
    ctx.timerService().registerEventTimeTimer(t + rules.resolveAfter().toMillis() * 2);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    FireCriteria rules = city.criteria().fire();
    TenantKey key = TenantKey.parse(ctx.getCurrentKey());
    AlertTrack track = alert.track();
    FireState s = state.value();
    if (track != null && track.lastActiveMillis + rules.resolveAfter().toMillis() <= timestamp && !Times.endOfInput(ctx.timerService())) {
      long at = track.lastActiveMillis + rules.resolveAfter().toMillis();
      Device d = Places.device(city.inventory(), key.tenant(), key.id());
      AlertContent c = content(key.tenant(), key.id(), track.severity, s == null ? 0 : s.lastTemperature, 0, 0, at);
      alert.resolveOnTimer(c.withHeadlines(d.district() + " 화재 감지기 " + d.id() + " 정상 복귀", "Fire sensor " + d.id() + " (" + d.district()
          + ") back to normal"), Instant.ofEpochMilli(at), ctx.timerService()).ifPresent(out::collect);
    }
    if (s != null && s.lastTime + rules.resolveAfter().toMillis() * 2 <= timestamp && !alert.isOpen()) {
      state.clear();
    }
  }

  private AlertContent content(String tenant, String deviceId, Severity severity, double temperature, double rate, double smoke, long t) {
    Device d = Places.device(city.inventory(), tenant, deviceId);
    boolean confirmed = severity.atLeast(Severity.WARNING);
    String ko = d.district() + (confirmed ? " 화재 (연기 확인)" : " 화재 의심 (열 감지)") + ": " + Times.format(temperature) + " °C, 분당 "
        + Times.format(rate) + " °C 상승, 연기 " + Times.format(smoke) + " % (" + d.id() + ")";
    String en = (confirmed ? "Fire confirmed by smoke" : "Possible fire (heat)") + " at sensor " + d.id() + " (" + d.district() + "): "
        + Times.format(temperature) + " °C, rising " + Times.format(rate) + " °C/min, smoke " + Times.format(smoke) + " %";
    return new AlertContent(tenant, AlertKind.FIRE, deviceId, severity, ko, en, d.location(), d.district(),
        Map.of("temperature_c", round(temperature), "rate_c_per_min", round(rate), "smoke_percent", round(smoke)),
        Instant.ofEpochMilli(t), Instant.ofEpochMilli(t));
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
