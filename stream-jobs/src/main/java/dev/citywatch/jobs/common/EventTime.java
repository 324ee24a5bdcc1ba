package dev.citywatch.jobs.common;

import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the jobs: a record's own time (for a message, its latest reading), with watermarks
 * that allow for devices and partitions being out of order by a bounded amount, and that move on
 * when a partition goes quiet (idleness), so one silent partition does not stall every timer.
 */
public final class EventTime {
  private EventTime() {}

  public static WatermarkStrategy<TelemetryRecord> telemetry(Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<TelemetryRecord>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((r, previous) -> r.eventTime().toEpochMilli())
        .withIdleness(idleness);
  }

  /**
   * For the detection job's status and refusal streams from Kafka, whose times are the gateways'
   * receive times: event time follows the wall clock ({@link GatewayClockWatermarks}).
   */
  public static <T> WatermarkStrategy<T> stampedByGateways(Duration outOfOrderness, Clock clock,
                                                          SerializableTimestampAssigner<T> time) {
    return WatermarkStrategy.<T>forGenerator(context -> new GatewayClockWatermarks<>(outOfOrderness, clock))
        .withTimestampAssigner(time);
  }

  /** Status records in event time when their times are not wall-clock times (simulations, replays of history). */
  public static WatermarkStrategy<DeviceStatus> status(Duration outOfOrderness, Duration idleness) {
    return WatermarkStrategy.<DeviceStatus>forBoundedOutOfOrderness(outOfOrderness)
        .withTimestampAssigner((s, previous) -> s.time().toEpochMilli())
        .withIdleness(idleness);
  }
}
