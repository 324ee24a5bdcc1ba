package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A physical quantity a device measures, with its one accepted unit (SenML unit names, RFC 8428 and
 * RFC 8798) and the range outside which a value is physically impossible rather than just unusual.
 */
public enum Quantity {
  RAINFALL("rainfall", "mm", 0, 500),
  RIVER_LEVEL("level", "m", -20, 100),
  ACCELERATION("acceleration", "m/s2", -100, 100),
  PM10("pm10", "ug/m3", 0, 10_000),
  PM25("pm25", "ug/m3", 0, 10_000),
  TEMPERATURE("temperature", "Cel", -60, 1_500),
  SMOKE("smoke", "%", 0, 100),
  SPEED("speed", "km/h", 0, 300),
  VOLUME("volume", "count", 0, 10_000),
  OCCUPANCY("occupancy", "%", 0, 100);

  /** Looked up for every reading decoded or read from Kafka. */
  private static final Map<String, Quantity> BY_ID = Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Quantity::id, q -> q));

  private final String id;
  private final String unit;
  private final double min;
  private final double max;

  Quantity(String id, String unit, double min, double max) {
    this.id = id;
    this.unit = unit;
    this.min = min;
    this.max = max;
  }

  /** The name on the wire and the InfluxDB field name. */
  @JsonValue
  public String id() {
    return id;
  }

  public String unit() {
    return unit;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public boolean isPossible(double value) {
    return value >= min && value <= max;
  }

  public static Optional<Quantity> fromId(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }

  @JsonCreator
  static Quantity require(String id) {
    return fromId(id).orElseThrow(() -> new IllegalArgumentException("unknown quantity '" + id + "'"));
  }
}
