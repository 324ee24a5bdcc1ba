package dev.citywatch.model.decode;

/**
 * Why a payload was refused. The {@link #code()} is stable: it reaches devices (MQTT 5 reason
 * strings), the dead-letter topic and dashboards, so codes are only ever added, never renamed.
 */
public enum RejectReason {
  PAYLOAD_EMPTY,
  PAYLOAD_TOO_LARGE,
  MALFORMED_JSON,
  NESTING_TOO_DEEP,
  DUPLICATE_KEY,
  WRONG_TYPE,
  MISSING_FIELD,
  UNKNOWN_FIELD,
  UNSUPPORTED_SCHEMA_VERSION,
  UNKNOWN_SENSOR_KIND,
  KIND_MISMATCH,
  DEVICE_MISMATCH,
  INVALID_SEQUENCE,
  NO_READINGS,
  TOO_MANY_READINGS,
  UNKNOWN_QUANTITY,
  QUANTITY_NOT_FOR_KIND,
  MISSING_UNIT,
  UNIT_MISMATCH,
  NON_FINITE_VALUE,
  VALUE_OUT_OF_RANGE,
  INVALID_TIME,
  TIME_IN_FUTURE,
  DUPLICATE_READING,
  SENML_INVALID_NAME,
  SENML_MISSING_VALUE,
  SENML_MULTIPLE_VALUES,
  SENML_NON_NUMERIC_VALUE,
  SENML_UNSUPPORTED_VERSION,
  SENML_MUST_UNDERSTAND_FIELD;

  /** The wire form, e.g. {@code unit_mismatch}. */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
