package dev.citywatch.model.inventory;

import dev.citywatch.model.GeoPoint;

/** Distances between places of the inventory. */
public final class Distances {
  private static final double EARTH_RADIUS_KM = 6_371.0;

  private Distances() {}

  /** Great-circle (haversine) distance in kilometres. */
  public static double km(GeoPoint a, GeoPoint b) {
    double dLat = Math.toRadians(b.lat() - a.lat());
    double dLon = Math.toRadians(b.lon() - a.lon());
    double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
