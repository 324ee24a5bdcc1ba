package dev.citywatch.sim.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time running {@code speed} times faster than the wall clock from a given simulated
 * start: at ×60 an hour of the city plays in a minute.
 */
public final class SimClock {
  private final Instant simStart;
  private final double speed;
  private final long wallStartNanos;

  public SimClock(Instant simStart, double speed, long wallStartNanos) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0, got " + speed);
    this.simStart = simStart;
    this.speed = speed;
    this.wallStartNanos = wallStartNanos;
  }

  public Instant now(long wallNanos) {
    return simStart.plusNanos((long) ((wallNanos - wallStartNanos) * speed));
  }

  /** The wall-clock moment (System.nanoTime scale) at which simulated time reaches {@code t}. */
  public long wallNanosAt(Instant t) {
    return wallStartNanos + (long) (Duration.between(simStart, t).toNanos() / speed);
  }

  public double speed() {
    return speed;
  }
}
