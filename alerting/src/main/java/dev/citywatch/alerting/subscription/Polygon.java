package dev.citywatch.alerting.subscription;

import dev.citywatch.model.GeoPoint;
import java.util.List;

/** Point-in-polygon by ray casting; a city-sized area is flat enough for plain lat/lon. */
final class Polygon {
  private Polygon() {}

  static boolean contains(List<GeoPoint> corners, GeoPoint p) {
    boolean inside = false;
    for (int i = 0, j = corners.size() - 1; i < corners.size(); j = i++) {
      GeoPoint a = corners.get(i);
      GeoPoint b = corners.get(j);
      boolean crosses = (a.lat() > p.lat()) != (b.lat() > p.lat())
          && p.lon() < (b.lon() - a.lon()) * (p.lat() - a.lat()) / (b.lat() - a.lat()) + a.lon();
      if (crosses) inside = !inside;
    }
    return inside;
  }
}
