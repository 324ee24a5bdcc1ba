package dev.citywatch.model.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SenML JSON telemetry. Each resolved record's name ends in the quantity ({@code …:rainfall} or
 * {@code …/rainfall}); a segment before it, if present, must be the sending device's id. A seismic
 * station sends one pack a second: {@code [{"bn":"wonju-sz-01:acceleration","bt":…,"bu":"m/s2","v":0.01},{"t":0.01,"v":…},…]}.
 *
 * <p>CityWatch extension (RFC 8428 §4.4 lets readers ignore it): an integer {@code seq} field in
 * the first record carries the device's message sequence number. Without it the sequence is the
 * first record's time in epoch milliseconds, which a re-sent copy shares.
 */
public final class SenmlDecoder implements TelemetryDecoder {
  /** Between the device and the quantity in a record name: {@code urn:dev:wonju-rg-001:rainfall} or {@code wonju-rg-001/rainfall}. */
  private static final Pattern NAME_SEPARATOR = Pattern.compile("[:/]");
  private final SenmlPack pack;
  private final ReadingRules rules;

  public SenmlDecoder(DecodeLimits limits) {
    this.pack = new SenmlPack(limits);
    this.rules = new ReadingRules(limits);
  }

  @Override
  public DecodedTelemetry decode(byte[] payload, DecodeContext context) throws DecodeException {
    JsonNode root = pack.parse(payload);
    List<SenmlRecord> records = pack.resolve(root, context.now());
    List<Reading> readings = new ArrayList<>(records.size());
    List<String> fields = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      String at = "[" + i + "]";
      readings.add(reading(records.get(i), at, context));
      fields.add(at);
    }
    rules.distinct(readings, fields);
    return new DecodedTelemetry(sequence(root.get(0), readings.get(0)), readings);
  }

  private Reading reading(SenmlRecord record, String at, DecodeContext context) throws DecodeException {
    if (!record.hasNumericValue()) {
      if (record.sum() != null) {
        throw new DecodeException(RejectReason.SENML_MISSING_VALUE, at + ".v", "telemetry needs a numeric value (v); a sum alone is not accepted");
      }
      throw new DecodeException(RejectReason.SENML_NON_NUMERIC_VALUE, at + ".v", "telemetry values are numbers (v), not vs, vb or vd");
    }
    Quantity quantity = rules.quantity(quantityName(record.name(), context, at), context.kind(), at + ".n");
    rules.unit(quantity, record.unit(), at + ".u");
    double value = rules.value(quantity, record.value(), at + ".v");
    return new Reading(quantity, value, rules.time(record.time(), context, at + ".t"));
  }

  private static String quantityName(String name, DecodeContext context, String at) throws DecodeException {
    String[] segments = NAME_SEPARATOR.split(name, -1);
    String quantity = segments[segments.length - 1];
    if (segments.length > 1 && !segments[segments.length - 2].equals(context.deviceId())) {
      throw new DecodeException(
          RejectReason.DEVICE_MISMATCH, at + ".n", "name '" + name + "' names another device than " + context.deviceId());
    }
    return quantity;
  }

  private long sequence(JsonNode first, Reading firstReading) throws DecodeException {
    JsonNode seq = first.get("seq");
    if (seq == null) {
      return firstReading.time().toEpochMilli();
    }
    if (!seq.isNumber()) {
      throw JsonFields.wrongType("[0].seq", "an integer", seq);
    }
    return rules.sequence(seq.doubleValue(), seq.isIntegralNumber(), "[0].seq");
  }
}
