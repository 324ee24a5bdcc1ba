package dev.citywatch.model.inventory;

import dev.citywatch.model.GeoPoint;
import java.util.List;

/**
 * A directed stretch of road between two points, watched by loop detectors. {@code upstream} and
 * {@code downstream} name the neighbouring segments traffic comes from and goes to, which incident
 * detection compares.
 */
public record RoadSegment(
    String id,
    String name,
    RoadClass roadClass,
    double freeFlowKmh,
    GeoPoint from,
    GeoPoint to,
    List<String> upstream,
    List<String> downstream) {
  public RoadSegment {
    upstream = List.copyOf(upstream);
    downstream = List.copyOf(downstream);
  }
}
