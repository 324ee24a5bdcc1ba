package dev.citywatch.jobs.detect.traffic;

import java.time.LocalDateTime;
import java.util.Arrays;

/**
 * An anomaly score in [0, 1] for each value of one series, learned as the series streams, without
 * look-ahead. The score is the larger of two surprises:
 *
 * <ol>
 *   <li><b>Novelty</b>: the distance from the last {@value #PATTERN} values to the nearest pattern
 *       of {@value #PATTERN} values seen before (the last {@value #HISTORY}, not counting the
 *       overlapping ones), in units of the range the series has covered so far. A spike, a drop or
 *       a level never seen is far from everything; what has happened before, however unusual at
 *       first, is not.
 *   <li><b>Day over day</b>: how far the value is from the value at the same time of day (5-minute
 *       slot) one day and one week before, the nearer of the two, relative to how far such
 *       differences usually go (their 99th percentile), weighted by {@value #SEASONAL_WEIGHT}: a
 *       daily rhythm that fails to happen is surprising even when every value is ordinary.
 * </ol>
 *
 * Both parameters were chosen on the Numenta Anomaly Benchmark subset (docs/detection.md) from a
 * broad plateau, and the same configuration scores city traffic. A Flink POJO (keyed state).
 */
public class AnomalyScorer {
  public static final int PATTERN = 3;
  public static final int HISTORY = 4_000;
  public static final int SLOT_MINUTES = 5;
  public static final double SEASONAL_WEIGHT = 0.04;
  public static final double SEASONAL_QUANTILE = 0.99;
  private static final int SLOTS_PER_DAY = 24 * 60 / SLOT_MINUTES;
  private static final int DAYS_KEPT = 8;

  public double min = Double.NaN;
  public double max = Double.NaN;
  /** The last {@link #PATTERN} values, oldest first, and how many values were seen in all. */
  public double[] recent = new double[PATTERN];
  public long seen;
  /** Ring of past patterns, {@link #PATTERN} values each. */
  public double[] patterns = new double[HISTORY * PATTERN];
  public int stored;
  /** The first value of each 5-minute slot of the last {@link #DAYS_KEPT} days, and the day it belongs to. */
  public double[] slotValues = new double[DAYS_KEPT * SLOTS_PER_DAY];
  public long[] slotDays = new long[DAYS_KEPT * SLOTS_PER_DAY];
  /** Day-over-day differences (range units): the last {@link #HISTORY} in arrival order, and sorted. */
  public double[] differences = new double[HISTORY];
  public double[] sortedDifferences = new double[0];
  public long differenceCount;

  public AnomalyScorer() {
    Arrays.fill(slotDays, Long.MIN_VALUE);
  }

  /** How many values the scorer has seen (its learning so far). */
  public long seen() {
    return seen;
  }

  /** Scores {@code value} at local time {@code time} and learns it. */
  public double score(LocalDateTime time, double value) {
    min = Double.isNaN(min) ? value : Math.min(min, value);
    max = Double.isNaN(max) ? value : Math.max(max, value);
    double range = max > min ? max - min : 1.0;
    System.arraycopy(recent, 1, recent, 0, PATTERN - 1);
    recent[PATTERN - 1] = value;
    seen++;
    double score = 0;
    if (seen >= PATTERN) {
      score = novelty(range);
      store();
    }
    return Math.min(1.0, Math.max(score, dayOverDay(time, value, range)));
  }

  private double novelty(double range) {
    int candidates = Math.min(stored, HISTORY) - PATTERN;
    if (candidates <= 20) return 0;
    double best = Double.MAX_VALUE;
    for (int back = PATTERN; back < Math.min(stored, HISTORY); back++) {
      int at = Math.floorMod(stored - 1 - back, HISTORY) * PATTERN;
      double d = 0;
      for (int i = 0; i < PATTERN; i++) {
        double x = patterns[at + i] - recent[i];
        d += x * x;
      }
      if (d < best) best = d;
    }
    return Math.sqrt(best / (range * range * PATTERN));
  }

  private void store() {
    System.arraycopy(recent, 0, patterns, (stored % HISTORY) * PATTERN, PATTERN);
    stored++;
    if (stored >= 2 * HISTORY) stored -= HISTORY; // keeps the ring index small without losing its position
  }

  private double dayOverDay(LocalDateTime time, double value, double range) {
    long day = time.toLocalDate().toEpochDay();
    int slot = (time.getHour() * 60 + time.getMinute()) / SLOT_MINUTES;
    double nearest = Double.NaN;
    for (long before : new long[] {1, 7}) {
      int at = (int) Math.floorMod(day - before, DAYS_KEPT) * SLOTS_PER_DAY + slot;
      if (slotDays[at] == day - before) {
        double d = Math.abs(value - slotValues[at]) / range;
        nearest = Double.isNaN(nearest) ? d : Math.min(nearest, d);
      }
    }
    int here = (int) Math.floorMod(day, DAYS_KEPT) * SLOTS_PER_DAY + slot;
    if (slotDays[here] != day) {
      slotDays[here] = day;
      slotValues[here] = value;
    }
    if (Double.isNaN(nearest)) return 0;
    double surprise = 0;
    if (sortedDifferences.length > 100) {
      double usual = sortedDifferences[(int) (SEASONAL_QUANTILE * sortedDifferences.length)];
      surprise = SEASONAL_WEIGHT * nearest / (usual + 0.01);
    }
    remember(nearest);
    return surprise;
  }

  /** Adds a difference to the ring and to the sorted copy (dropping the one it replaces). */
  private void remember(double d) {
    int n = sortedDifferences.length;
    if (differenceCount >= HISTORY) {
      double old = differences[(int) (differenceCount % HISTORY)];
      int i = Arrays.binarySearch(sortedDifferences, old);
      System.arraycopy(sortedDifferences, i + 1, sortedDifferences, i, n - i - 1);
      n--;
    } else {
      sortedDifferences = Arrays.copyOf(sortedDifferences, n + 1);
    }
    differences[(int) (differenceCount % HISTORY)] = d;
    differenceCount++;
    int at = Arrays.binarySearch(sortedDifferences, 0, n, d);
    if (at < 0) at = -at - 1;
    System.arraycopy(sortedDifferences, at, sortedDifferences, at + 1, n - at);
    sortedDifferences[at] = d;
  }
}
