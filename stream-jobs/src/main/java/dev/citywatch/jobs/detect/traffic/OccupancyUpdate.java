package dev.citywatch.jobs.detect.traffic;

import dev.citywatch.model.Trail;

/**
 * A detector's occupancy as the incident rule of segment {@code segmentKey} sees it: from one of
 * the segment's own detectors ({@code upstream}: above a blockage at its end), or from a detector
 * of the segment downstream of it.
 */
public record OccupancyUpdate(String segmentKey, boolean upstream, String detector, long timeMillis, double occupancy, Trail trail) {}
