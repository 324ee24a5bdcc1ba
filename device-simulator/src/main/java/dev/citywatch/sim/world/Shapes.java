package dev.citywatch.sim.world;

import dev.citywatch.model.GeoPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** Small functions the signal models share: time envelopes, local time, distances. */
public final class Shapes {
  /** Korea Standard Time: daily rhythms follow local clocks. */
  public static final ZoneId KST = ZoneId.of("Asia/Seoul");

  private Shapes() {}

  /**
   * 0 before {@code start} and after {@code end}, 1 in between, with smooth (sin²) ramps of
   * {@code ramp} at both ends.
   */
  public static double trapezoid(Instant t, Instant start, Instant end, Duration ramp) {
    if (t.isBefore(start) || !t.isBefore(end)) return 0;
    double r = Math.max(1, ramp.toMillis());
    double in = Duration.between(start, t).toMillis() / r;
    double out = Duration.between(t, end).toMillis() / r;
    return smooth(Math.min(1, in)) * smooth(Math.min(1, out));
  }

  private static double smooth(double x) {
    double s = Math.sin(x * Math.PI / 2);
    return s * s;
  }

  /** Local (KST) hour of day with fraction, 0 ≤ h < 24. */
  public static double hourOfDay(Instant t) {
    ZonedDateTime local = t.atZone(KST);
    return local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
  }

  public static boolean weekend(Instant t) {
    int day = t.atZone(KST).getDayOfWeek().getValue();
    return day >= 6;
  }

  /** Great-circle distance in kilometres. */
  public static double km(GeoPoint a, GeoPoint b) {
    return dev.citywatch.model.inventory.Distances.km(a, b);
  }

  /** The point {@code km} from {@code from} along {@code bearingDegrees} (flat-earth, fine for a city). */
  public static GeoPoint move(GeoPoint from, double bearingDegrees, double km) {
    double b = Math.toRadians(bearingDegrees);
    double dLat = km * Math.cos(b) / 111.2;
    double dLon = km * Math.sin(b) / (111.2 * Math.cos(Math.toRadians(from.lat())));
    return new GeoPoint(from.lat() + dLat, from.lon() + dLon);
  }

  public static double gaussianBump(double x, double centre, double sigma) {
    double d = (x - centre) / sigma;
    return Math.exp(-0.5 * d * d);
  }
}
