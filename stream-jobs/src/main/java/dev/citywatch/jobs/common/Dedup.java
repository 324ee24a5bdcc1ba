package dev.citywatch.jobs.common;

import dev.citywatch.jobs.types.RecordTypes;
import dev.citywatch.model.TelemetryRecord;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Drops copies of a device's messages (keyed by {@code tenant/deviceId}): a device that resends
 * after a lost PUBACK sends the same message again, with its sequence number and event time
 * ({@link SeenSequences} says which numbers were seen; a device whose counter restarted passes).
 * Records behind the watermark go to {@link #LATE} instead of the main output, counted, never
 * silently dropped.
 *
 * <p>State: a fixed-size window of the device's recent sequence numbers. Flink's state TTL runs on
 * processing time, and a replay of old data must expire by event time, so one event-time timer an
 * hour drops the state of a device silent for {@code retention}.
 */
public final class Dedup extends KeyedProcessFunction<String, TelemetryRecord, TelemetryRecord> {
  public static final OutputTag<TelemetryRecord> LATE = new OutputTag<>("late-telemetry", RecordTypes.TELEMETRY);
  private static final long HOUR = 3_600_000;

  private final long retentionMillis;
  private transient ValueState<SeenSequences> seen;
  private transient Counter duplicates;
  private transient Counter late;

  public Dedup(Duration retention) {
    this.retentionMillis = retention.toMillis();
  }

  @Override
  public void open(OpenContext context) {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-sequences", SeenSequences.class));
    duplicates = getRuntimeContext().getMetricGroup().counter("citywatchDuplicates");
    late = getRuntimeContext().getMetricGroup().counter("citywatchLateRecords");
  }

  @Override
  public void processElement(TelemetryRecord record, Context ctx, Collector<TelemetryRecord> out) throws Exception {
    long eventTime = record.eventTime().toEpochMilli();
    SeenSequences window = seen.value();
    boolean first = window == null;
    if (first) window = new SeenSequences();
    long before = window.topTime;
    if (!window.add(record.sequence(), eventTime)) {
      duplicates.inc();
      return;
    }
    seen.update(window);
    if (first || window.topTime / HOUR != before / HOUR) {
      // One timer per device and hour of its latest message: cheap, and enough to forget silent devices.
      ctx.timerService().registerEventTimeTimer(cleanupAt(window.topTime));
    }
    if (eventTime < ctx.timerService().currentWatermark()) {
      late.inc();
      ctx.output(LATE, record);
    } else {
      out.collect(record);
    }
  }

  /**
   * Dedup's output (or a filter of it), which still lies partitioned by device, taken as keyed by
   * device again without a second exchange: an operator keyed by device downstream runs in the same
   * task as Dedup, so its records are neither serialized again nor wait in another network buffer
   * (that second exchange was a third of the detection job's CPU; {@code bench detection}). Valid
   * only for streams that stayed in Dedup's partitioning (chained, no rebalance in between).
   */
  public static KeyedStream<TelemetryRecord, String> stillByDevice(DataStream<TelemetryRecord> deduplicated) {
    return DataStreamUtils.reinterpretAsKeyedStream(deduplicated, TelemetryRecord::key, Types.STRING);
  }

  private long cleanupAt(long latest) {
    return (latest + retentionMillis) / HOUR * HOUR + HOUR;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<TelemetryRecord> out) throws Exception {
    SeenSequences window = seen.value();
    if (window == null) return;
    if (window.topTime + retentionMillis <= timestamp) {
      seen.clear();
    } else {
      ctx.timerService().registerEventTimeTimer(cleanupAt(window.topTime));
    }
  }
}
