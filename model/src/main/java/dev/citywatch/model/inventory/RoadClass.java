package dev.citywatch.model.inventory;

import java.util.Arrays;
import java.util.Optional;

/** Road classes; congestion thresholds are set per class (stream-jobs configuration). */
public enum RoadClass {
  EXPRESSWAY("expressway"),
  URBAN_ARTERIAL("urban_arterial"),
  URBAN_COLLECTOR("urban_collector");

  private final String id;

  RoadClass(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<RoadClass> fromId(String id) {
    return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
