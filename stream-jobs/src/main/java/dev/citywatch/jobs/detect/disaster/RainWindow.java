package dev.citywatch.jobs.detect.disaster;

import java.util.Arrays;

/**
 * A rain gauge's readings of the last 12 hours that had rain, in time order (dry readings add
 * nothing to a sum, so they are not kept). A Flink POJO.
 */
public class RainWindow {
  public long[] times = new long[0];
  public double[] millimetres = new double[0];

  public RainWindow() {}

  /** Adds a reading in time order (out-of-order readings find their place). */
  void add(long time, double mm) {
    int i = times.length;
    while (i > 0 && times[i - 1] > time) i--;
    times = insert(times, i, time);
    double[] m = Arrays.copyOf(millimetres, millimetres.length + 1);
    System.arraycopy(m, i, m, i + 1, millimetres.length - i);
    m[i] = mm;
    millimetres = m;
  }

  /** Drops readings at or before {@code time}. */
  void evictUpTo(long time) {
    int k = 0;
    while (k < times.length && times[k] <= time) k++;
    if (k > 0) {
      times = Arrays.copyOfRange(times, k, times.length);
      millimetres = Arrays.copyOfRange(millimetres, k, millimetres.length);
    }
  }

  /**
   * Rain in the interval (end − span, end], to a thousandth of a millimetre: gauges report tenths,
   * and summing tenths in binary floating point must not leave 59.999… short of a 60 mm line.
   */
  double sum(long end, long span) {
    double s = 0;
    for (int i = 0; i < times.length; i++) {
      if (times[i] > end - span && times[i] <= end) s += millimetres[i];
    }
    return Math.round(s * 1000) / 1000.0;
  }

  boolean isEmpty() {
    return times.length == 0;
  }

  private static long[] insert(long[] a, int i, long v) {
    long[] out = Arrays.copyOf(a, a.length + 1);
    System.arraycopy(out, i, out, i + 1, a.length - i);
    out[i] = v;
    return out;
  }
}
