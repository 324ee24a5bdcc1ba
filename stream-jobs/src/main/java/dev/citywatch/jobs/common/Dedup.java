package dev.citywatch.jobs.common;

import dev.citywatch.model.TelemetryRecord;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Drops copies of a device's messages (keyed by {@code tenant/deviceId}): a device that resends
 * after a lost PUBACK sends the same message again, so a record with the sequence number and event
 * time of one seen within the last {@code retention} of event time is a copy. (The same sequence
 * number at another time is a device whose counter restarted, and passes.) Records behind the
 * watermark go to {@link #LATE} instead of the main output, counted, never silently dropped.
 *
 * <p>State: sequence number → event time, per device. Flink's state TTL runs on processing time,
 * and a replay of old data must expire by event time, so an event-time timer a minute after a
 * record's retention ends removes what has expired, and the whole state when nothing is left.
 */
public final class Dedup extends KeyedProcessFunction<String, TelemetryRecord, TelemetryRecord> {
  public static final OutputTag<TelemetryRecord> LATE = new OutputTag<>("late-telemetry") {};

  private final long retentionMillis;
  private transient MapState<Long, Long> seen;
  private transient Counter duplicates;
  private transient Counter late;

  public Dedup(Duration retention) {
    this.retentionMillis = retention.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    seen = getRuntimeContext().getMapState(new MapStateDescriptor<>("seen-sequences", Types.LONG, Types.LONG));
    duplicates = getRuntimeContext().getMetricGroup().counter("citywatchDuplicates");
    late = getRuntimeContext().getMetricGroup().counter("citywatchLateRecords");
  }

  @Override
  public void processElement(TelemetryRecord record, Context ctx, Collector<TelemetryRecord> out) throws Exception {
    long eventTime = record.eventTime().toEpochMilli();
    Long known = seen.get(record.sequence());
    if (known != null && known == eventTime) {
      duplicates.inc();
      return;
    }
    seen.put(record.sequence(), eventTime);
    // One timer per device and minute: cheap, and enough to keep the state small.
    long cleanup = (eventTime + retentionMillis) / 60_000 * 60_000 + 60_000;
    ctx.timerService().registerEventTimeTimer(cleanup);
    if (eventTime < ctx.timerService().currentWatermark()) {
      late.inc();
      ctx.output(LATE, record);
    } else {
      out.collect(record);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TelemetryRecord> out) throws Exception {
    Iterator<Map.Entry<Long, Long>> it = seen.iterator();
    while (it.hasNext()) {
      if (it.next().getValue() + retentionMillis <= timestamp) it.remove();
    }
    if (seen.isEmpty()) seen.clear();
  }
}
