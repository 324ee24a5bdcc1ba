package dev.citywatch.jobs.common;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks for records stamped by CityWatch's own clocks (device status and refusals carry the
 * time the gateway received them): event time there is wall-clock time, so the watermark follows
 * the clock, {@code outOfOrderness} behind, whether or not records arrive.
 *
 * <p>Why: these streams are rare. With watermarks driven by records alone, a city whose telemetry
 * has gone quiet (a device under test, a network outage) has no event time at all: a device that
 * flaps, or every device gone silent, is decided only when some later record happens to arrive (a
 * flapping alert came 465 s late). With this, event time keeps moving and such decisions come
 * {@code outOfOrderness} after the fact. Gateway and job clocks must agree to within that bound
 * (NTP); a record later than that is late, as with any watermark.
 */
public final class GatewayClockWatermarks<T> implements WatermarkGenerator<T> {
  private final long outOfOrderness;
  private final Clock clock;
  private long latest = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  public GatewayClockWatermarks(Duration outOfOrderness, Clock clock) {
    this.outOfOrderness = outOfOrderness.toMillis();
    this.clock = clock;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    latest = Math.max(latest, eventTimestamp);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long now = Math.max(latest, clock.millis());
    long watermark = now - outOfOrderness - 1;
    if (watermark > emitted) { // never backwards, even if the clock is stepped back
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
