package dev.citywatch.jobs.nab;

import java.util.List;

/** A NAB cost profile: what a true positive earns and a false positive and a missed window cost. */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
  public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
  public static final NabProfile LOW_FP = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
  public static final NabProfile LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

  /** NAB's three profiles (its {@code config/profiles.json}). */
  public static List<NabProfile> all() {
    return List.of(STANDARD, LOW_FP, LOW_FN);
  }
}
