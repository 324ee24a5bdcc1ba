package dev.citywatch.jobs.detect.device;

/**
 * A device's health, for the fault rules. A Flink POJO.
 *
 * <p>{@code faults} is a bit set of {@link DeviceFaultDetector}'s fault bits.
 */
public class FaultState {
  /** Event time of the latest message. */
  public long lastSeen = Long.MIN_VALUE;
  /** Time of the latest event of any kind (telemetry on the device's clock, status on the gateway's). */
  public long lastEvent = Long.MIN_VALUE;
  /** Time of the latest Last Will (gateway clock). */
  public long willAt = Long.MIN_VALUE;
  public double[] lastValues = new double[0];
  public int identical;
  public int rejectedInARow;
  /** Times (gateway clock) of the recent online/offline changes. */
  public long[] changes = new long[0];
  public int faults;
  public String detail = "";
  /** When the pending silence timer fires (one at a time per device), or {@code Long.MIN_VALUE}. */
  public long silenceTimer = Long.MIN_VALUE;

  public FaultState() {}
}
