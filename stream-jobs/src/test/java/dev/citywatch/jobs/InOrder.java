package dev.citywatch.jobs;

import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Feeds a harness as a stream in time order would arrive: each element, then the watermark up to
 * its time (never back). Detectors that decide in event-time order decide at that watermark.
 */
public final class InOrder<I> {
  private final KeyedOneInputStreamOperatorTestHarness<?, I, ?> harness;
  private long watermark = Long.MIN_VALUE;

  public InOrder(KeyedOneInputStreamOperatorTestHarness<?, I, ?> harness) {
    this.harness = harness;
  }

  public void feed(I element, long time) throws Exception {
    harness.processElement(element, time);
    advance(time);
  }

  /** Moves the watermark to {@code time} if that is later than where it is. */
  public void advance(long time) throws Exception {
    if (time > watermark) {
      watermark = time;
      harness.processWatermark(time);
    }
  }
}
