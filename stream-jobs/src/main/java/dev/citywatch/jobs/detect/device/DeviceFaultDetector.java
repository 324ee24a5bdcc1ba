package dev.citywatch.jobs.detect.device;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.EventTimeOrder;
import dev.citywatch.jobs.detect.alert.AlertContent;
import dev.citywatch.jobs.detect.alert.AlertTrack;
import dev.citywatch.jobs.detect.alert.Lifecycle;
import dev.citywatch.jobs.detect.alert.Times;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TenantKey;
import dev.citywatch.model.Trail;
import dev.citywatch.model.criteria.DeviceFaultCriteria;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Tenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A device's health (key: {@code tenant/deviceId}), one alert however many things are wrong:
 *
 * <ul>
 *   <li><b>offline</b>: no message for {@code offline_after_intervals} × its reporting interval
 *       (an event-time timer), or its connection lost with a Last Will (at once); cleared by the
 *       next message (after the Will, if there was one);
 *   <li><b>stuck</b>: {@code stuck_readings} messages in a row with exactly the same values of
 *       quantities that vary; cleared when they change;
 *   <li><b>rejecting</b>: {@code out_of_range_burst} refused payloads in a row; cleared by an
 *       accepted one;
 *   <li><b>flapping</b>: {@code flapping_changes} online/offline changes within
 *       {@code flapping_window}; cleared when there are fewer.
 * </ul>
 *
 * The alert fires with the first fault, names every fault in its evidence, and resolves when none
 * is left. Telemetry, status and refusals arrive on three streams, so events are decided in
 * event-time order ({@link EventTimeOrder}): a replay raises exactly the same alerts. The state goes once the device has been silent for a day and nothing is open.
 */
public final class DeviceFaultDetector extends KeyedProcessFunction<String, DeviceEvent, Alert> {
  static final int OFFLINE = 1;
  static final int STUCK = 2;
  static final int REJECTING = 4;
  static final int FLAPPING = 8;
  static final long FORGET_AFTER_MILLIS = 24 * 3_600_000L;

  private final CityReference city;
  private transient EventTimeOrder<DeviceEvent> order;
  private transient ValueState<FaultState> state;
  private transient Lifecycle alert;

  public DeviceFaultDetector(CityReference city) {
    this.city = city;
  }

  @Override
  public void open(OpenContext context) {
    order = new EventTimeOrder<>(getRuntimeContext(), "in-event-time-order", TypeInformation.of(DeviceEvent.class), DeviceEvent::timeMillis,
        Comparator.comparing(DeviceEvent::type).thenComparing(DeviceEvent::detail));
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("health", FaultState.class));
    alert = new Lifecycle(getRuntimeContext().getState(new ValueStateDescriptor<>("alert", AlertTrack.class)));
  }

  @Override
  public void processElement(DeviceEvent e, Context ctx, Collector<Alert> out) throws Exception {
    order.add(withInventoryNames(e), ctx.timerService());
  }

  /**
   * The event naming its tenant and device with the inventory's own strings: every event waits for
   * the watermark (the out-of-orderness bound, 30 s of a device's messages), and each would
   * otherwise hold its own copies of both, a third of its size.
   */
  private DeviceEvent withInventoryNames(DeviceEvent e) {
    String tenant = city.inventory().tenant(e.tenant()).map(Tenant::id).orElse(e.tenant());
    String device = city.inventory().device(e.tenant(), e.device()).map(Device::id).orElse(e.device());
    return new DeviceEvent(tenant, device, e.type(), e.timeMillis(), e.trail(), e.values(), e.detail());
  }

  /** Decides on one event, in event-time order. */
  private void decide(DeviceEvent e, TimerService timers, Collector<Alert> out) throws Exception {
    DeviceFaultCriteria rules = city.criteria().deviceFault();
    Optional<Device> device = city.inventory().device(e.tenant(), e.device());
    if (device.isEmpty()) return;
    FaultState s = state.value() == null ? new FaultState() : state.value();
    int before = s.faults;
    long at = Math.max(e.timeMillis(), s.lastSeen);
    switch (e.type()) {
      case TELEMETRY -> {
        at = Math.max(e.timeMillis(), s.lastSeen);
        s.lastSeen = at;
        // A message sent before the Last Will does not bring the device back (the streams need not arrive in time order).
        if (e.timeMillis() > s.willAt) s.faults &= ~OFFLINE;
        s.faults &= ~REJECTING;
        s.rejectedInARow = 0;
        if (e.values().length > 0 && Arrays.equals(e.values(), s.lastValues)) {
          s.identical++;
        } else {
          s.identical = 1;
          s.lastValues = e.values();
          s.faults &= ~STUCK;
        }
        if (s.identical >= rules.stuckReadings()) s.faults |= STUCK;
        // One silence timer per device at a time: when it fires early (a message came since), it is
        // set again for the latest message. (A timer per message made the timer queue as long as
        // the stream was fast.)
        if (s.silenceTimer == Long.MIN_VALUE) {
          s.silenceTimer = s.lastSeen + device.get().interval().toMillis() * rules.offlineAfterIntervals();
          timers.registerEventTimeTimer(s.silenceTimer);
        }
      }
      case WILL -> {
        s.faults |= OFFLINE;
        s.willAt = Math.max(s.willAt, e.timeMillis());
        s.detail = "connection lost (Last Will)";
        flap(s, e.timeMillis(), rules, timers);
      }
      case ONLINE, OFFLINE -> flap(s, e.timeMillis(), rules, timers);
      case FAULT -> s.detail = "device reports a fault: " + e.detail();
      case REJECTED -> {
        s.rejectedInARow++;
        if (s.rejectedInARow >= rules.outOfRangeBurst()) {
          s.faults |= REJECTING;
          s.detail = "payloads refused: " + e.detail();
        }
      }
    }
    if (e.timeMillis() > s.lastEvent) {
      s.lastEvent = e.timeMillis();
      long forget = s.lastEvent + FORGET_AFTER_MILLIS; // one forgetting timer per hour, not one per message
      timers.registerEventTimeTimer(forget - Math.floorMod(forget, 3_600_000L) + 3_600_000L);
    }
    state.update(s);
    report(e.tenant(), device.get(), s, before, e.timeMillis(), e.trail(), timers, out);
  }

  private static void flap(FaultState s, long time, DeviceFaultCriteria rules, TimerService timers) {
    long[] kept = recentChanges(s, time, rules);
    s.changes = Arrays.copyOf(kept, kept.length + 1);
    s.changes[kept.length] = time;
    if (s.changes.length >= rules.flappingChanges()) {
      s.faults |= FLAPPING;
      timers.registerEventTimeTimer(s.changes[0] + rules.flappingWindow().toMillis()); // to see it calm down
    } else {
      s.faults &= ~FLAPPING;
    }
  }

  private static long[] recentChanges(FaultState s, long now, DeviceFaultCriteria rules) {
    long horizon = now - rules.flappingWindow().toMillis();
    return Arrays.stream(s.changes).filter(t -> t > horizon).toArray();
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    for (DeviceEvent released : order.release(timestamp, ctx.timerService())) decide(released, ctx.timerService(), out);
    FaultState s = state.value();
    if (s == null || Times.endOfInput(ctx.timerService())) return;
    TenantKey key = TenantKey.parse(ctx.getCurrentKey());
    Optional<Device> known = city.inventory().device(key.tenant(), key.id());
    if (known.isEmpty()) { // removed from the inventory since: nothing to watch
      state.clear();
      alert.forget();
      return;
    }
    Device device = known.get();
    long silence = device.interval().toMillis() * city.criteria().deviceFault().offlineAfterIntervals();
    if (timestamp == s.silenceTimer) {
      s.silenceTimer = Long.MIN_VALUE;
      if (s.lastSeen + silence > timestamp) { // messages came since it was set: wait for the latest one's silence
        s.silenceTimer = s.lastSeen + silence;
        ctx.timerService().registerEventTimeTimer(s.silenceTimer);
      }
      state.update(s);
    }
    int before = s.faults;
    // No reading lies behind a timer's decision, so its "received" time is when it was decided.
    if (s.lastSeen != Long.MIN_VALUE && s.lastSeen + silence <= timestamp && (s.faults & OFFLINE) == 0) {
      s.faults |= OFFLINE;
      s.detail = "silent for " + (timestamp - s.lastSeen) / 1000 + " s";
      state.update(s);
      report(key.tenant(), device, s, before, s.lastSeen + silence, Trail.decidedAt(Times.now(ctx.timerService())), ctx.timerService(), out);
    }
    if ((s.faults & FLAPPING) != 0) {
      DeviceFaultCriteria rules = city.criteria().deviceFault();
      s.changes = recentChanges(s, timestamp, rules);
      if (s.changes.length < rules.flappingChanges()) {
        int flapping = s.faults;
        s.faults &= ~FLAPPING;
        state.update(s);
        report(key.tenant(), device, s, flapping, timestamp, Trail.decidedAt(Times.now(ctx.timerService())), ctx.timerService(), out);
      } else {
        ctx.timerService().registerEventTimeTimer(s.changes[0] + rules.flappingWindow().toMillis());
      }
    }
    if (s.lastEvent + FORGET_AFTER_MILLIS <= timestamp && !alert.isOpen() && s.faults == 0) {
      state.clear();
    }
  }

  /** Fires, or resolves, the device's alert when its set of faults changed. */
  private void report(String tenant, Device device, FaultState s, int before, long eventTime, Trail trail,
                      TimerService timers, Collector<Alert> out) throws Exception {
    if (s.faults == before) {
      if (s.faults != 0) alert.touch(eventTime);
      return;
    }
    AlertContent c = content(tenant, device, s, eventTime);
    if (s.faults != 0) {
      alert.raise(c, Instant.ofEpochMilli(eventTime), trail, Times.now(timers)).ifPresent(out::collect);
    } else {
      alert.resolve(c.withHeadlines(device.id() + " 장비 정상", "Device " + device.id() + " healthy again"), Instant.ofEpochMilli(eventTime),
          trail, Times.now(timers)).ifPresent(out::collect);
    }
  }

  private AlertContent content(String tenant, Device device, FaultState s, long eventTime) {
    List<String> ko = new ArrayList<>();
    List<String> en = new ArrayList<>();
    if ((s.faults & OFFLINE) != 0) {
      ko.add("통신 두절");
      en.add("offline");
    }
    if ((s.faults & STUCK) != 0) {
      ko.add("값 고정 (" + s.identical + "회 연속 동일)");
      en.add("stuck (" + s.identical + " identical readings)");
    }
    if ((s.faults & REJECTING) != 0) {
      ko.add("잘못된 데이터 연속 " + s.rejectedInARow + "회");
      en.add(s.rejectedInARow + " refused payloads in a row");
    }
    if ((s.faults & FLAPPING) != 0) {
      ko.add("연결 불안정 (" + s.changes.length + "회 접속/해제)");
      en.add("flapping (" + s.changes.length + " connection changes)");
    }
    String what = s.detail.isEmpty() ? "" : "; " + s.detail;
    return new AlertContent(tenant, AlertKind.DEVICE_FAULT, device.id(), Severity.ATTENTION,
        device.district() + " " + device.kind().id() + " 장비 " + device.id() + " 이상: " + String.join(", ", ko),
        "Device " + device.id() + " (" + device.kind().id() + ", " + device.district() + "): " + String.join(", ", en) + what,
        device.location(), device.district(),
        Map.of("offline", bit(s, OFFLINE), "stuck", bit(s, STUCK), "rejecting", bit(s, REJECTING), "flapping", bit(s, FLAPPING),
            "identical_readings", (double) s.identical),
        Instant.ofEpochMilli(s.lastSeen == Long.MIN_VALUE ? eventTime : s.lastSeen), Instant.ofEpochMilli(eventTime));
  }

  private static double bit(FaultState s, int fault) {
    return (s.faults & fault) != 0 ? 1.0 : 0.0;
  }
}
