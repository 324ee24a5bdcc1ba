package dev.citywatch.model;

import java.util.Arrays;
import java.util.Optional;

/** The four Korean crisis levels (위기경보), lowest first, so {@code compareTo} orders by gravity. */
public enum Severity {
  ATTENTION("관심"),
  CAUTION("주의"),
  WARNING("경계"),
  SEVERE("심각");

  private final String korean;

  Severity(String korean) {
    this.korean = korean;
  }

  public String korean() {
    return korean;
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public static Optional<Severity> fromName(String name) {
    return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
  }
}
