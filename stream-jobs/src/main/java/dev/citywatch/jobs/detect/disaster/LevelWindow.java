package dev.citywatch.jobs.detect.disaster;

import java.util.Arrays;

/** A gauge's recent (time, value) readings in time order, for a rate of change. A Flink POJO. */
public class LevelWindow {
  public long[] times = new long[0];
  public double[] values = new double[0];

  public LevelWindow() {}

  void add(long time, double value) {
    int i = times.length;
    while (i > 0 && times[i - 1] > time) i--;
    long[] t = Arrays.copyOf(times, times.length + 1);
    System.arraycopy(t, i, t, i + 1, times.length - i);
    t[i] = time;
    double[] v = Arrays.copyOf(values, values.length + 1);
    System.arraycopy(v, i, v, i + 1, values.length - i);
    v[i] = value;
    times = t;
    values = v;
  }

  /** Keeps readings after {@code time}, and the last one at or before it (the start of the span). */
  void keepFrom(long time) {
    int k = 0;
    while (k + 1 < times.length && times[k + 1] <= time) k++;
    if (k > 0) {
      times = Arrays.copyOfRange(times, k, times.length);
      values = Arrays.copyOfRange(values, k, values.length);
    }
  }

  /** Change per hour from the oldest kept reading to the newest, or 0 when they span less than {@code minSpan}. */
  double ratePerHour(long minSpan) {
    if (times.length < 2) return 0;
    long span = times[times.length - 1] - times[0];
    return span < minSpan ? 0 : (values[values.length - 1] - values[0]) / (span / 3_600_000.0);
  }

  double latest() {
    return values[values.length - 1];
  }

  long latestTime() {
    return times[times.length - 1];
  }
}
