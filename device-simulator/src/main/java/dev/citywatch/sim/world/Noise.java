package dev.citywatch.sim.world;

import java.util.SplittableRandom;

/**
 * Seeded randomness as a pure function of (seed, stream, index): the same inputs give the same
 * numbers whatever order they are asked in, so a run is reproducible even though devices are
 * served by several threads.
 */
public final class Noise {
  private final long seed;

  public Noise(long seed) {
    this.seed = seed;
  }

  /** A generator for one (stream, index), e.g. one device's reading number 17. */
  public SplittableRandom random(String stream, long index) {
    return new SplittableRandom(mix(mix(seed ^ 0x9E3779B97F4A7C15L * stream.hashCode()) + index));
  }

  public double gaussian(String stream, long index) {
    return random(stream, index).nextGaussian();
  }

  /** Uniform in [0, 1). */
  public double uniform(String stream, long index) {
    return random(stream, index).nextDouble();
  }

  /** SplitMix64's finaliser: spreads nearby inputs over the whole range. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
