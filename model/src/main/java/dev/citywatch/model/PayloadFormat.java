package dev.citywatch.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The payload formats a device may use on its telemetry topic. */
public enum PayloadFormat {
  /** CityWatch JSON, schema 1 (docs/wire-format.md). */
  JSON("json"),
  /** SenML JSON, RFC 8428. */
  SENML("senml");

  private final String id;

  PayloadFormat(String id) {
    this.id = id;
  }

  @JsonValue
  public String id() {
    return id;
  }

  public static Optional<PayloadFormat> fromId(String id) {
    return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
  }

  @JsonCreator
  static PayloadFormat require(String id) {
    return fromId(id).orElseThrow(() -> new IllegalArgumentException("unknown payload format '" + id + "'"));
  }
}
