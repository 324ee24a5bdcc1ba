package dev.citywatch.jobs.detect.disaster;

/**
 * One air-quality station's readings of the last hour (the mean window), summed per minute: a
 * ring of one slot per minute of the window and one more, each holding its minute's PM10 and
 * PM2.5 sums and count. The hourly means are read off the totals. A reading leaves the mean once
 * its minute is over: at the end of its minute plus the window, up to a minute later than its own
 * time plus the window.
 *
 * <p>Why minutes and not every reading: the state must not grow with how often a station reports.
 * Keeping each reading of the hour made a station reporting twice a second hold 7,200 of them, and
 * a city's thousand such stations tens of megabytes that the heap state backend copied at every
 * checkpoint (this detector is keyed by city, so all its stations are one state entry): in
 * {@code bench pipeline} those copies were most of what the young garbage collections of the
 * Flink JVM had to move, and their pauses held the gateway and Kafka back (GC log,
 * docs/scaling.md). Now a station costs the same whatever its rate. A Flink POJO (public fields).
 */
public class StationHour {
  private static final long MINUTE = 60_000;

  /** Per slot: the minute (epoch millis / 60,000) it sums, {@link Long#MIN_VALUE} when empty. */
  public long[] minutes;
  public double[] sums10;
  public double[] sums25;
  public int[] counts;
  public double total10;
  public double total25;
  public int count;

  public StationHour() {}

  /** An empty station for a mean window of {@code windowMillis}. */
  StationHour(long windowMillis) {
    int slots = (int) Math.ceil(windowMillis / (double) MINUTE) + 1;
    minutes = new long[slots];
    java.util.Arrays.fill(minutes, Long.MIN_VALUE);
    sums10 = new double[slots];
    sums25 = new double[slots];
    counts = new int[slots];
  }

  /**
   * Adds a reading at {@code t}. Readings come in time order as a rule; a late one joins its
   * minute, or is left out if its minute has already left the window.
   */
  void add(long t, double p10, double p25) {
    long minute = Math.floorDiv(t, MINUTE);
    int slot = (int) Math.floorMod(minute, (long) minutes.length);
    if (minutes[slot] > minute) return; // older than the window: its slot holds a later minute now
    if (minutes[slot] < minute) clear(slot);
    minutes[slot] = minute;
    sums10[slot] += p10;
    sums25[slot] += p25;
    counts[slot]++;
    total10 += p10;
    total25 += p25;
    count++;
  }

  /** Drops the minutes that ended at or before {@code t}. */
  void evictUpTo(long t) {
    if (minutes == null) return; // restored from a savepoint of the earlier layout: empty, replaced at its next reading
    boolean dropped = false;
    for (int slot = 0; slot < minutes.length; slot++) {
      if (minutes[slot] != Long.MIN_VALUE && (minutes[slot] + 1) * MINUTE <= t) {
        minutes[slot] = Long.MIN_VALUE;
        sums10[slot] = 0;
        sums25[slot] = 0;
        counts[slot] = 0;
        dropped = true;
      }
    }
    if (dropped) retotal(); // from the minutes themselves: no rounding left behind by long runs of + and -
  }

  boolean isEmpty() {
    return count == 0;
  }

  double mean10() {
    return total10 / count;
  }

  double mean25() {
    return total25 / count;
  }

  private void clear(int slot) {
    total10 -= sums10[slot];
    total25 -= sums25[slot];
    count -= counts[slot];
    sums10[slot] = 0;
    sums25[slot] = 0;
    counts[slot] = 0;
  }

  private void retotal() {
    total10 = 0;
    total25 = 0;
    count = 0;
    for (int slot = 0; slot < minutes.length; slot++) {
      total10 += sums10[slot];
      total25 += sums25[slot];
      count += counts[slot];
    }
  }
}
