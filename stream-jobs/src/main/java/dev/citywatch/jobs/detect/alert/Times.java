package dev.citywatch.jobs.detect.alert;

import java.time.Instant;
import org.apache.flink.streaming.api.TimerService;

/** Time helpers for detectors. */
public final class Times {
  private Times() {}

  /** Processing time now: when a detector decided (for latency tracing only; never for ids). */
  public static Instant now(TimerService timers) {
    return Instant.ofEpochMilli(timers.currentProcessingTime());
  }

  /** Whether the watermark is the end of a bounded input: no more data is not the same as silence. */
  public static boolean endOfInput(TimerService timers) {
    return timers.currentWatermark() == Long.MAX_VALUE;
  }

  public static String format(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }
}
