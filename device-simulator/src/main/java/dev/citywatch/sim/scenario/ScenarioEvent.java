package dev.citywatch.sim.scenario;

import dev.citywatch.model.GeoPoint;
import java.time.Duration;
import java.util.List;

/**
 * Something a scenario makes happen, at an offset from the scenario's start. Each kind is a record;
 * the YAML form of each is in docs/simulator.md.
 */
public sealed interface ScenarioEvent {
  /** Unique within the scenario, e.g. {@code storm-1}; ground truth refers to it. */
  String id();

  /** When it starts, from the scenario's start. */
  Duration at();

  /** How long it lasts. */
  Duration duration();

  /** The YAML {@code kind} of this event. */
  String kind();

  /**
   * A rain cell: a Gaussian patch of rain that grows, holds and fades, moving along a bearing.
   *
   * @param radiusKm where the rate is about a third of the peak (two standard deviations)
   */
  record RainStorm(String id, Duration at, Duration duration, GeoPoint centre, double radiusKm, double peakMmPerHour,
                   double bearingDegrees, double speedKmh) implements ScenarioEvent {
    public String kind() {
      return "rain_storm";
    }
  }

  /** An earthquake: origin time {@code at}, hypocentre, magnitude. Shaking lasts {@code duration}. */
  record Earthquake(String id, Duration at, Duration duration, GeoPoint epicentre, double depthKm, double magnitude)
      implements ScenarioEvent {
    public String kind() {
      return "earthquake";
    }
  }

  /** Yellow dust (황사): particulates rise over {@code rampHours}, hold, and fall, everywhere in the tenant. */
  record YellowDust(String id, Duration at, Duration duration, double peakPm10, Duration ramp) implements ScenarioEvent {
    public String kind() {
      return "yellow_dust";
    }
  }

  /** A fire that starts near {@code device} and is seen by every fire sensor within {@code radiusMetres}. */
  record BuildingFire(String id, Duration at, Duration duration, String device, double radiusMetres) implements ScenarioEvent {
    public String kind() {
      return "building_fire";
    }
  }

  /** A blockage at the end of {@code segment} that takes away {@code capacityLoss} (0-1) of its capacity. */
  record TrafficIncident(String id, Duration at, Duration duration, String segment, double capacityLoss) implements ScenarioEvent {
    public String kind() {
      return "traffic_incident";
    }
  }

  /** Demand on {@code roads} (road keys, e.g. {@code wonil}) multiplied by {@code demandFactor}. */
  record RushHour(String id, Duration at, Duration duration, List<String> roads, double demandFactor) implements ScenarioEvent {
    public RushHour {
      roads = List.copyOf(roads);
    }

    public String kind() {
      return "rush_hour";
    }
  }

  /** A device that misbehaves: stuck values, silence, or a dead connection (its Last Will). */
  record SensorFault(String id, Duration at, Duration duration, String device, FaultType fault) implements ScenarioEvent {
    public String kind() {
      return "sensor_fault";
    }
  }

  enum FaultType {
    /** Sends the same values over and over. */
    STUCK,
    /** Sends nothing, but stays connected. */
    DROPOUT,
    /** Its connection dies without DISCONNECT, so the gateway publishes its Last Will; it comes back later. */
    OFFLINE
  }

  default Duration end() {
    return at().plus(duration());
  }
}
