package dev.citywatch.jobs.detect.disaster;

import java.util.Arrays;

/**
 * One air-quality station's readings of the last hour (PM10 and PM2.5 side by side), in time order
 * in a ring buffer, with their running sums: adding a reading and dropping the old ones costs O(1)
 * amortised, and the hourly mean is read off the sums. A Flink POJO (public fields).
 */
public class StationHour {
  public long[] times = new long[8];
  public double[] pm10 = new double[8];
  public double[] pm25 = new double[8];
  /** Index of the oldest reading. */
  public int head;
  public int size;
  public double sum10;
  public double sum25;

  public StationHour() {}

  /** Adds a reading; in time order as a rule (after the oldest at worst, for a late one). */
  void add(long t, double p10, double p25) {
    if (size == times.length) grow();
    if (size > 0 && t < times[index(size - 1)]) {
      insertInOrder(t, p10, p25);
    } else {
      int i = index(size);
      times[i] = t;
      pm10[i] = p10;
      pm25[i] = p25;
      size++;
    }
    sum10 += p10;
    sum25 += p25;
  }

  /** Drops readings at or before {@code t}. */
  void evictUpTo(long t) {
    while (size > 0 && times[head] <= t) {
      sum10 -= pm10[head];
      sum25 -= pm25[head];
      head = (head + 1) % times.length;
      size--;
    }
    if (size == 0) { // no rounding left behind by a long run of additions and subtractions
      sum10 = 0;
      sum25 = 0;
      head = 0;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  double mean10() {
    return sum10 / size;
  }

  double mean25() {
    return sum25 / size;
  }

  private int index(int k) {
    return (head + k) % times.length;
  }

  private void grow() {
    long[] t = new long[times.length * 2];
    double[] a = new double[t.length];
    double[] b = new double[t.length];
    for (int k = 0; k < size; k++) {
      t[k] = times[index(k)];
      a[k] = pm10[index(k)];
      b[k] = pm25[index(k)];
    }
    times = t;
    pm10 = a;
    pm25 = b;
    head = 0;
  }

  private void insertInOrder(long t, double p10, double p25) {
    long[] ts = new long[size + 1];
    double[] a = new double[size + 1];
    double[] b = new double[size + 1];
    for (int k = 0; k < size; k++) {
      ts[k] = times[index(k)];
      a[k] = pm10[index(k)];
      b[k] = pm25[index(k)];
    }
    int at = size;
    while (at > 0 && ts[at - 1] > t) at--;
    System.arraycopy(ts, at, ts, at + 1, size - at);
    System.arraycopy(a, at, a, at + 1, size - at);
    System.arraycopy(b, at, b, at + 1, size - at);
    ts[at] = t;
    a[at] = p10;
    b[at] = p25;
    int capacity = Math.max(times.length, Integer.highestOneBit(size + 1) * 2);
    times = Arrays.copyOf(ts, capacity);
    pm10 = Arrays.copyOf(a, capacity);
    pm25 = Arrays.copyOf(b, capacity);
    head = 0;
    size++;
  }
}
