package dev.citywatch.model.decode;

import java.time.Instant;
import java.util.Objects;

/**
 * One SenML record in resolved form (RFC 8428 §4.6): base fields applied, name and time absolute.
 * Exactly one of the value fields is set, or none when the record carries only a sum.
 */
public record SenmlRecord(
    String name,
    String unit,
    Double value,
    String stringValue,
    Boolean booleanValue,
    String dataValue,
    Double sum,
    Instant time,
    Double updateTime) {

  public SenmlRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(time, "time");
  }

  public boolean hasNumericValue() {
    return value != null;
  }
}
