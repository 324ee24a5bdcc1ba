package dev.citywatch.model.inventory;

import dev.citywatch.model.GeoPoint;

/** A latitude/longitude box that every position of a tenant must fall in. */
public record Bounds(double south, double west, double north, double east) {
  public Bounds {
    if (!(south < north) || !(west < east)) {
      throw new IllegalArgumentException("bounds need south < north and west < east");
    }
  }

  public boolean contains(GeoPoint p) {
    return p.lat() >= south && p.lat() <= north && p.lon() >= west && p.lon() <= east;
  }
}
