package dev.citywatch.jobs.detect.disaster;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.model.Reading;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.criteria.EarthquakeCriteria;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The classic STA/LTA trigger per seismic station (key: {@code tenant/deviceId}), sample by
 * sample: short- and long-term averages of the signal's energy (recursive, over {@code sta} and
 * {@code lta}); the station triggers when their ratio reaches {@code trigger_on} and is quiet again
 * below {@code trigger_off}. The long-term average stands still while triggered, so a long quake
 * does not raise its own baseline. Emits a trigger, its growing peak, and its end.
 */
public final class StaLtaTrigger extends KeyedProcessFunction<String, TelemetryRecord, StationTrigger> {
  private final CityReference city;
  private transient ValueState<StaLtaState> state;

  /** A station's averages and trigger. A Flink POJO. */
  public static class StaLtaState {
    public double sta;
    public double lta;
    public long samples;
    public boolean triggered;
    public long triggeredAt;
    public double peak;
    public double reportedPeak;
    public long lastSample;

    public StaLtaState() {}
  }

  public StaLtaTrigger(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("sta-lta", StaLtaState.class));
  }

  @Override
  public void processElement(TelemetryRecord pack, Context ctx, Collector<StationTrigger> out) throws Exception {
    EarthquakeCriteria rules = city.criteria().earthquake();
    StaLtaState s = state.value() == null ? new StaLtaState() : state.value();
    double samplesPerSecond = pack.readings().size() > 1
        ? 1000.0 * (pack.readings().size() - 1) / Math.max(1, pack.eventTime().toEpochMilli() - pack.readings().get(0).time().toEpochMilli())
        : 1;
    double nSta = Math.max(1, rules.sta().toMillis() / 1000.0 * samplesPerSecond);
    double nLta = Math.max(nSta + 1, rules.lta().toMillis() / 1000.0 * samplesPerSecond);
    for (Reading r : pack.readings()) {
      long t = r.time().toEpochMilli();
      if (t <= s.lastSample) continue; // a pack out of order: its samples are older than what the averages hold
      s.lastSample = t;
      double energy = r.value() * r.value();
      s.sta += (energy - s.sta) / Math.min(nSta, s.samples + 1);
      if (!s.triggered) s.lta += (energy - s.lta) / Math.min(nLta, s.samples + 1);
      s.samples++;
      double ratio = s.lta > 0 ? s.sta / s.lta : 0;
      if (!s.triggered && s.samples >= nLta && ratio >= rules.triggerOn()) {
        s.triggered = true;
        s.triggeredAt = t;
        s.peak = Math.abs(r.value());
        s.reportedPeak = s.peak;
        out.collect(new StationTrigger(pack.tenant(), pack.deviceId(), t, s.peak, false, pack.trail()));
      } else if (s.triggered) {
        s.peak = Math.max(s.peak, Math.abs(r.value()));
        if (ratio < rules.triggerOff()) {
          s.triggered = false;
          out.collect(new StationTrigger(pack.tenant(), pack.deviceId(), s.triggeredAt, s.peak, true, pack.trail()));
        } else if (s.peak >= 1.25 * s.reportedPeak) {
          s.reportedPeak = s.peak;
          out.collect(new StationTrigger(pack.tenant(), pack.deviceId(), s.triggeredAt, s.peak, false, pack.trail()));
        }
      }
    }
    state.update(s);
    ctx.timerService().registerEventTimeTimer(s.lastSample + 2 * rules.lta().toMillis());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<StationTrigger> out) throws Exception {
    StaLtaState s = state.value();
    // Silent for two long-term windows: the averages describe nothing current any more.
    if (s != null && s.lastSample + 2 * city.criteria().earthquake().lta().toMillis() <= timestamp) {
      state.clear();
    }
  }
}
