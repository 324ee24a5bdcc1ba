package dev.citywatch.jobs.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.streaming.api.TimerService;

/**
 * Puts a keyed detector's input in event-time order. A detector that combines several devices (a
 * road segment's detectors, a city's stations) receives them from several upstream subtasks, in an
 * order that differs from run to run; deciding in arrival order would let a replay after a failure
 * raise different alerts. Held here until the watermark passes their time, then handed over sorted
 * by time and {@code tieBreak}, the records are decided in the same order every time, at the cost
 * of the watermark's lag (at most the out-of-orderness bound).
 *
 * <p>One event-time timer per distinct record time; {@link #release} at that timer returns the
 * records of that time and forgets them.
 */
public final class EventTimeOrder<T> {
  private final MapState<Long, List<T>> pending;
  private final Comparator<T> tieBreak;

  public EventTimeOrder(RuntimeContext context, String name, TypeInformation<T> type, Comparator<T> tieBreak) {
    this.pending = context.getMapState(new MapStateDescriptor<>(name, Types.LONG, new ListTypeInfo<>(type)));
    this.tieBreak = tieBreak;
  }

  public void add(T record, long time, TimerService timers) throws Exception {
    List<T> at = pending.get(time);
    List<T> updated = at == null ? new ArrayList<>() : new ArrayList<>(at);
    updated.add(record);
    pending.put(time, updated);
    timers.registerEventTimeTimer(time);
  }

  /** The records of {@code time} in tie-break order (none if this timer was not one of ours). */
  public List<T> release(long time) throws Exception {
    List<T> at = pending.get(time);
    if (at == null) return List.of();
    pending.remove(time);
    List<T> sorted = new ArrayList<>(at);
    sorted.sort(tieBreak);
    return sorted;
  }
}
