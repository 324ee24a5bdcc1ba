package dev.citywatch.sim.inventory;

import java.util.List;
import java.util.Random;

/** Small geometry helpers for laying devices out along rivers and roads. */
final class Geo {
  private Geo() {}

  record Point(double lat, double lon) {
    Point jitter(Random random, double degrees) {
      return new Point(lat + (random.nextDouble() * 2 - 1) * degrees, lon + (random.nextDouble() * 2 - 1) * degrees);
    }

    double distanceSquared(Point o) {
      double dLat = lat - o.lat;
      double dLon = (lon - o.lon) * Math.cos(Math.toRadians(lat));
      return dLat * dLat + dLon * dLon;
    }
  }

  /** The point a fraction {@code f} (0..1) of the way along a polyline, by vertex count. */
  static Point along(List<Point> line, double f) {
    double pos = f * (line.size() - 1);
    int i = Math.min((int) Math.floor(pos), line.size() - 2);
    double t = pos - i;
    Point a = line.get(i);
    Point b = line.get(i + 1);
    return new Point(a.lat + (b.lat - a.lat) * t, a.lon + (b.lon - a.lon) * t);
  }

  static Point between(Point a, Point b, double t) {
    return new Point(a.lat + (b.lat - a.lat) * t, a.lon + (b.lon - a.lon) * t);
  }
}
