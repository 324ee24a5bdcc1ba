package dev.citywatch.testkit;

import java.util.concurrent.ThreadLocalRandom;

/** Unique topic and database names, so that tests sharing one server never see each other's data. */
public final class Names {
  private Names() {}

  public static String unique(String base) {
    return base + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
  }
}
