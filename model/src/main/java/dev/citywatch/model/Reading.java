package dev.citywatch.model;

import java.time.Instant;
import java.util.Objects;

/** One value of one quantity at one instant, as a device reported it. */
public record Reading(Quantity quantity, double value, Instant time) {
  public Reading {
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(time, "time");
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value of " + quantity.id() + " must be finite, got " + value);
    }
  }
}
