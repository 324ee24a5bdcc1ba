package dev.citywatch.model.decode;

import static dev.citywatch.model.decode.JsonFields.path;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CityWatch JSON, schema 1 (docs/wire-format.md):
 *
 * <pre>{"schema":1,"kind":"traffic_loop","seq":1842,"time":"2026-07-14T05:21:07.250Z",
 *  "readings":[{"quantity":"speed","unit":"km/h","value":43.5}]}</pre>
 *
 * Strict: unknown fields are refused so that a misspelt field is found on the bench, not in a flood.
 */
public final class CityWatchJsonDecoder implements TelemetryDecoder {
  public static final int SCHEMA = 1;
  private static final Set<String> TOP_FIELDS = Set.of("schema", "kind", "device", "seq", "time", "readings");
  private static final Set<String> READING_FIELDS = Set.of("quantity", "unit", "value", "offset_ms");

  private final JsonPayloads payloads;
  private final ReadingRules rules;

  public CityWatchJsonDecoder(DecodeLimits limits) {
    this.payloads = new JsonPayloads(limits);
    this.rules = new ReadingRules(limits);
  }

  @Override
  public DecodedTelemetry decode(byte[] payload, DecodeContext context) throws DecodeException {
    JsonNode root = payloads.parse(payload);
    JsonFields.requireObject(root, "");
    schema(root);
    JsonFields.rejectUnknown(root, TOP_FIELDS, "");
    kind(root, context);
    device(root, context);
    long sequence = sequence(root);
    Instant time = time(JsonFields.require(root, "time", ""), context, "time");
    return new DecodedTelemetry(sequence, readings(root, time, context));
  }

  private static void schema(JsonNode root) throws DecodeException {
    JsonNode schema = JsonFields.require(root, "schema", "");
    if (!schema.isIntegralNumber()) {
      throw JsonFields.wrongType("schema", "an integer", schema);
    }
    if (schema.asLong() != SCHEMA) {
      throw new DecodeException(
          RejectReason.UNSUPPORTED_SCHEMA_VERSION, "schema", "schema " + schema.asText() + " is not supported; this gateway reads " + SCHEMA);
    }
  }

  private static void kind(JsonNode root, DecodeContext context) throws DecodeException {
    String id = JsonFields.requireText(root, "kind", "");
    SensorKind kind =
        SensorKind.fromId(id)
            .orElseThrow(() -> new DecodeException(RejectReason.UNKNOWN_SENSOR_KIND, "kind", "unknown sensor kind '" + id + "'"));
    if (kind != context.kind()) {
      throw new DecodeException(
          RejectReason.KIND_MISMATCH, "kind", "device " + context.deviceId() + " is a " + context.kind().id() + ", payload says " + id);
    }
  }

  private static void device(JsonNode root, DecodeContext context) throws DecodeException {
    JsonNode device = root.get("device");
    if (device != null && !JsonFields.text(device, "device").equals(context.deviceId())) {
      throw new DecodeException(
          RejectReason.DEVICE_MISMATCH, "device", "payload names device '" + device.textValue() + "' but was sent by " + context.deviceId());
    }
  }

  private long sequence(JsonNode root) throws DecodeException {
    JsonNode seq = JsonFields.require(root, "seq", "");
    if (!seq.isNumber()) {
      throw JsonFields.wrongType("seq", "an integer", seq);
    }
    return rules.sequence(seq.doubleValue(), seq.isIntegralNumber(), "seq");
  }

  /** An ISO-8601 date-time with offset, or epoch milliseconds. */
  private Instant time(JsonNode node, DecodeContext context, String field) throws DecodeException {
    Instant time;
    if (node.isTextual()) {
      try {
        time = OffsetDateTime.parse(node.textValue()).toInstant();
      } catch (DateTimeParseException e) {
        throw new DecodeException(
            RejectReason.INVALID_TIME, field, "'" + node.textValue() + "' is not an ISO-8601 date-time with offset, e.g. 2026-07-14T05:21:07.250Z");
      }
    } else if (node.isIntegralNumber() && node.canConvertToLong()) {
      time = Instant.ofEpochMilli(node.longValue());
    } else {
      throw JsonFields.wrongType(field, "an ISO-8601 string or integer epoch milliseconds", node);
    }
    return rules.time(time, context, field);
  }

  private List<Reading> readings(JsonNode root, Instant base, DecodeContext context) throws DecodeException {
    JsonNode array = JsonFields.require(root, "readings", "");
    if (!array.isArray()) {
      throw JsonFields.wrongType("readings", "an array", array);
    }
    rules.readingCount(array.size(), "readings");
    List<Reading> readings = new ArrayList<>(array.size());
    List<String> fields = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String at = "readings[" + i + "]";
      readings.add(reading(array.get(i), at, base, context));
      fields.add(at);
    }
    rules.distinct(readings, fields);
    return readings;
  }

  private Reading reading(JsonNode node, String at, Instant base, DecodeContext context) throws DecodeException {
    JsonFields.requireObject(node, at);
    JsonFields.rejectUnknown(node, READING_FIELDS, at);
    Quantity quantity = rules.quantity(JsonFields.requireText(node, "quantity", at), context.kind(), path(at, "quantity"));
    JsonNode unit = node.get("unit");
    rules.unit(quantity, unit == null ? null : JsonFields.text(unit, path(at, "unit")), path(at, "unit"));
    double value = rules.value(quantity, JsonFields.number(JsonFields.require(node, "value", at), path(at, "value")), path(at, "value"));
    Instant time = base;
    JsonNode offset = node.get("offset_ms");
    if (offset != null) {
      if (!offset.isIntegralNumber() || !offset.canConvertToInt()) {
        throw JsonFields.wrongType(path(at, "offset_ms"), "an integer number of milliseconds", offset);
      }
      time = rules.time(base.plusMillis(offset.intValue()), context, path(at, "offset_ms"));
    }
    return new Reading(quantity, value, time);
  }
}
