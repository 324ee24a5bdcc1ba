package dev.citywatch.jobs.common;

/**
 * Which of a device's recent sequence numbers have been seen: the highest one, the event time of
 * the message that carried it, and one bit for each of the {@link #WINDOW} numbers below it. A
 * Flink POJO of fixed size (about 530 bytes a device), whatever the device's rate: the set of
 * (sequence, time) pairs it replaces grew with every message for ten minutes, and the jobs wrote
 * all of it at every checkpoint (a third of a job's CPU under load, JFR of {@code bench pipeline}).
 */
public class SeenSequences {
  /** Sequence numbers below the highest that are remembered: far more than a device has in flight. */
  public static final int WINDOW = 4096;

  public long top = -1;
  public long topTime;
  /** Bit {@code i} set: sequence number {@code top - i} was seen. */
  public long[] bits = new long[WINDOW / 64];

  public SeenSequences() {}

  /**
   * Records a message; false when it is a copy of one seen. A number above the highest is new; one
   * at or below it is a copy when it was seen and the message is not later than the highest's
   * (a copy repeats its original's time, which was no later); a later message with a number at or
   * below the highest is a device whose counter restarted, and starts the window again.
   */
  boolean add(long seq, long eventTime) {
    if (top < 0 || seq > top || eventTime > topTime) {
      if (top >= 0 && seq > top) shift(seq - top);
      else clear();
      top = seq;
      topTime = eventTime;
      set(0);
      return true;
    }
    long i = top - seq;
    if (i >= WINDOW) return true; // older than anything in flight: an original that arrives very late
    if (isSet((int) i)) return false;
    set((int) i);
    return true;
  }

  private void shift(long n) {
    if (n >= WINDOW) {
      clear();
      return;
    }
    int words = (int) (n / 64);
    int rest = (int) (n % 64);
    for (int w = bits.length - 1; w >= 0; w--) {
      int from = w - words;
      long v = from >= 0 ? bits[from] << rest : 0;
      if (rest > 0 && from - 1 >= 0) v |= bits[from - 1] >>> (64 - rest);
      bits[w] = v;
    }
  }

  private void clear() {
    java.util.Arrays.fill(bits, 0);
  }

  private void set(int i) {
    bits[i >>> 6] |= 1L << (i & 63);
  }

  private boolean isSet(int i) {
    return (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }
}
