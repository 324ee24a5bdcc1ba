package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The six kinds of field device, what each measures, and the InfluxDB measurement it fills. */
public enum SensorKind {
  RAIN_GAUGE("rain_gauge", "rainfall", List.of(Quantity.RAINFALL)),
  RIVER_GAUGE("river_gauge", "river_level", List.of(Quantity.RIVER_LEVEL)),
  /** Sends packs of acceleration samples (100 per second), normally as SenML. */
  SEISMIC("seismic", "seismic", List.of(Quantity.ACCELERATION)),
  AIR_QUALITY("air_quality", "air_quality", List.of(Quantity.PM10, Quantity.PM25)),
  FIRE("fire", "fire", List.of(Quantity.TEMPERATURE, Quantity.SMOKE)),
  TRAFFIC_LOOP("traffic_loop", "traffic", List.of(Quantity.SPEED, Quantity.VOLUME, Quantity.OCCUPANCY));

  private final String id;
  private final String measurement;
  private final List<Quantity> quantities;

  SensorKind(String id, String measurement, List<Quantity> quantities) {
    this.id = id;
    this.measurement = measurement;
    this.quantities = quantities;
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** Name of the InfluxDB measurement that holds this kind's raw readings. */
  public String measurement() {
    return measurement;
  }

  public List<Quantity> quantities() {
    return quantities;
  }

  public boolean measures(Quantity quantity) {
    return quantities.contains(quantity);
  }

  public static Optional<SensorKind> fromId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }

  @JsonCreator
  static SensorKind require(String id) {
    return fromId(id).orElseThrow(() -> new IllegalArgumentException("unknown sensor kind '" + id + "'"));
  }
}
