package dev.citywatch.model.criteria;

import dev.citywatch.model.inventory.RoadClass;
import java.io.Serializable;
import java.util.Map;

/**
 * Traffic: speed levels 원활/서행/정체 by road class, incident and anomaly rules.
 *
 * @param persistence how long every update of a segment must read 정체 before an alert (and not 정체 before it resolves);
 *     two updates at least, so one slow reading never alerts
 */
public record TrafficCriteria(Map<RoadClass, SpeedLevels> levels, java.time.Duration persistence, Incident incident, Anomaly anomaly)
    implements Serializable {

  public TrafficCriteria {
    levels = Map.copyOf(levels);
  }

  /** 원활 (free), 서행 (slow), 정체 (congested). */
  public enum Level {
    FREE("원활", "free flow"),
    SLOW("서행", "slow"),
    CONGESTED("정체", "congested");

    private final String korean;
    private final String english;

    Level(String korean, String english) {
      this.korean = korean;
      this.english = english;
    }

    public String korean() {
      return korean;
    }

    public String english() {
      return english;
    }
  }

  /** Speed bounds of a road class, km/h. */
  public record SpeedLevels(double freeAbove, double congestedBelow) implements Serializable {
    public Level level(double speedKmh) {
      if (speedKmh > freeAbove) return Level.FREE;
      if (speedKmh < congestedBelow) return Level.CONGESTED;
      return Level.SLOW;
    }
  }

  /**
   * Upstream/downstream occupancy comparison (after the California algorithms).
   *
   * @param occupancyDifference upstream minus downstream occupancy, percentage points
   * @param relativeDifference that difference over the upstream occupancy
   * @param downstreamRatio downstream occupancy at most this share of its usual level (traffic
   *     is missing below the blockage, which recurring congestion does not do)
   * @param persistence how long every update must look like an incident (and then not) before it fires (resolves)
   */
  public record Incident(double occupancyDifference, double relativeDifference, double downstreamRatio, java.time.Duration persistence)
      implements Serializable {}

  /**
   * The learned anomaly score of a segment's speed.
   *
   * @param warmUpReadings no alerts while the scorer has seen fewer readings
   */
  public record Anomaly(double threshold, int warmUpReadings, java.time.Duration resolveAfter) implements Serializable {}

  public SpeedLevels levels(RoadClass roadClass) {
    SpeedLevels l = levels.get(roadClass);
    if (l == null) throw new IllegalArgumentException("no speed levels for road class " + roadClass.id());
    return l;
  }
}
