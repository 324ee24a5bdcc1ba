package dev.citywatch.jobs.detect.disaster;

import java.util.Arrays;

/** One air-quality station's readings of the last hour (PM10 and PM2.5 side by side). A Flink POJO. */
public class StationHour {
  public long[] times = new long[0];
  public double[] pm10 = new double[0];
  public double[] pm25 = new double[0];

  public StationHour() {}

  void add(long t, double p10, double p25) {
    int i = times.length;
    while (i > 0 && times[i - 1] > t) i--;
    times = insert(times, i, t);
    pm10 = insert(pm10, i, p10);
    pm25 = insert(pm25, i, p25);
  }

  /** Drops readings at or before {@code t}. */
  void evictUpTo(long t) {
    int k = 0;
    while (k < times.length && times[k] <= t) k++;
    times = Arrays.copyOfRange(times, k, times.length);
    pm10 = Arrays.copyOfRange(pm10, k, pm10.length);
    pm25 = Arrays.copyOfRange(pm25, k, pm25.length);
  }

  boolean isEmpty() {
    return times.length == 0;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  private static long[] insert(long[] a, int i, long v) {
    long[] out = Arrays.copyOf(a, a.length + 1);
    System.arraycopy(out, i, out, i + 1, a.length - i);
    out[i] = v;
    return out;
  }

  private static double[] insert(double[] a, int i, double v) {
    double[] out = Arrays.copyOf(a, a.length + 1);
    System.arraycopy(out, i, out, i + 1, a.length - i);
    out[i] = v;
    return out;
  }
}
