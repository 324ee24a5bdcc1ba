package dev.citywatch.model.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves a SenML JSON pack (RFC 8428) into absolute records: base name, time, unit, value and
 * sum are carried forward and applied, relative times (below 2^28 s) are taken from "now". This
 * class knows SenML only; what a record means to CityWatch is {@link SenmlDecoder}'s business.
 */
public final class SenmlPack {
  /** Highest SenML version this reader understands (RFC 8428 is version 10). */
  public static final int VERSION = 10;

  /** RFC 8428 §4.5.1: resolved times below 2^28 seconds are relative to now. */
  private static final double RELATIVE_TIME_LIMIT = 1 << 28;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:./_-]*");

  private enum Type { TEXT, NUMBER, BOOLEAN, INTEGER }

  private static final Map<String, Type> FIELDS =
      Map.ofEntries(
          Map.entry("bn", Type.TEXT), Map.entry("bt", Type.NUMBER), Map.entry("bu", Type.TEXT),
          Map.entry("bv", Type.NUMBER), Map.entry("bs", Type.NUMBER), Map.entry("bver", Type.INTEGER),
          Map.entry("n", Type.TEXT), Map.entry("u", Type.TEXT), Map.entry("v", Type.NUMBER),
          Map.entry("vs", Type.TEXT), Map.entry("vb", Type.BOOLEAN), Map.entry("vd", Type.TEXT),
          Map.entry("s", Type.NUMBER), Map.entry("t", Type.NUMBER), Map.entry("ut", Type.NUMBER));

  private final JsonPayloads payloads;
  private final DecodeLimits limits;

  public SenmlPack(DecodeLimits limits) {
    this.payloads = new JsonPayloads(limits);
    this.limits = limits;
  }

  /** Parses and resolves {@code payload}; {@code now} anchors relative times. */
  public List<SenmlRecord> resolve(byte[] payload, Instant now) throws DecodeException {
    return resolve(parse(payload), now);
  }

  JsonNode parse(byte[] payload) throws DecodeException {
    JsonNode root = payloads.parse(payload);
    if (!root.isArray()) {
      throw JsonFields.wrongType("", "a SenML pack (a JSON array of records)", root);
    }
    if (root.isEmpty()) {
      throw new DecodeException(RejectReason.NO_READINGS, "", "the SenML pack has no records");
    }
    if (root.size() > limits.maxReadings()) {
      throw new DecodeException(RejectReason.TOO_MANY_READINGS, "", root.size() + " records, the limit is " + limits.maxReadings());
    }
    return root;
  }

  List<SenmlRecord> resolve(JsonNode pack, Instant now) throws DecodeException {
    Base base = new Base();
    List<SenmlRecord> out = new ArrayList<>(pack.size());
    for (int i = 0; i < pack.size(); i++) {
      out.add(resolveRecord(pack.get(i), "[" + i + "]", base, now));
    }
    return out;
  }

  /** Base values in force: each base field holds until a later record sets it again. */
  private static final class Base {
    String name = "";
    double time;
    String unit;
    double value;
    double sum;
  }

  private SenmlRecord resolveRecord(JsonNode record, String at, Base base, Instant now) throws DecodeException {
    JsonFields.requireObject(record, at);
    checkFields(record, at);
    if (record.has("bver") && record.get("bver").asLong() > VERSION) {
      throw new DecodeException(
          RejectReason.SENML_UNSUPPORTED_VERSION, at + ".bver", "SenML version " + record.get("bver").asLong() + " is newer than " + VERSION);
    }
    if (record.has("bn")) base.name = record.get("bn").textValue();
    if (record.has("bt")) base.time = record.get("bt").doubleValue();
    if (record.has("bu")) base.unit = record.get("bu").textValue();
    if (record.has("bv")) base.value = record.get("bv").doubleValue();
    if (record.has("bs")) base.sum = record.get("bs").doubleValue();

    String name = base.name + (record.has("n") ? record.get("n").textValue() : "");
    if (!NAME.matcher(name).matches()) {
      throw new DecodeException(
          RejectReason.SENML_INVALID_NAME,
          at + ".n",
          name.isEmpty()
              ? "the record has no name (neither bn nor n)"
              : "name '" + name + "' must start with a letter or digit and hold only letters, digits and : . / _ -");
    }
    int values = count(record, "v", "vs", "vb", "vd");
    if (values > 1) {
      throw new DecodeException(RejectReason.SENML_MULTIPLE_VALUES, at, "a record carries at most one of v, vs, vb, vd");
    }
    if (values == 0 && !record.has("s")) {
      throw new DecodeException(RejectReason.SENML_MISSING_VALUE, at, "a record needs a value (v, vs, vb or vd) or a sum (s)");
    }
    Double value = record.has("v") ? base.value + record.get("v").doubleValue() : null;
    Double sum = record.has("s") ? base.sum + record.get("s").doubleValue() : null;
    double seconds = base.time + (record.has("t") ? record.get("t").doubleValue() : 0);
    Instant time = seconds < RELATIVE_TIME_LIMIT ? now.plus(toDuration(seconds)) : toInstant(seconds, at);
    return new SenmlRecord(
        name,
        record.has("u") ? record.get("u").textValue() : base.unit,
        value,
        record.has("vs") ? record.get("vs").textValue() : null,
        record.has("vb") ? record.get("vb").booleanValue() : null,
        record.has("vd") ? record.get("vd").textValue() : null,
        sum,
        time,
        record.has("ut") ? record.get("ut").doubleValue() : null);
  }

  private static void checkFields(JsonNode record, String at) throws DecodeException {
    for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Type type = FIELDS.get(field.getKey());
      if (type == null) {
        // RFC 8428 §4.4: unknown fields may be ignored, unless their name ends in '_' (must understand).
        if (field.getKey().endsWith("_")) {
          throw new DecodeException(
              RejectReason.SENML_MUST_UNDERSTAND_FIELD, at + "." + field.getKey(), "must-understand field is not supported");
        }
        continue;
      }
      JsonNode node = field.getValue();
      String path = at + "." + field.getKey();
      switch (type) {
        case TEXT -> JsonFields.text(node, path);
        case NUMBER -> JsonFields.number(node, path);
        case BOOLEAN -> {
          if (!node.isBoolean()) throw JsonFields.wrongType(path, "a boolean", node);
        }
        case INTEGER -> {
          if (!node.isIntegralNumber()) throw JsonFields.wrongType(path, "an integer", node);
        }
      }
      if (type == Type.NUMBER && !Double.isFinite(node.doubleValue())) {
        throw new DecodeException(RejectReason.NON_FINITE_VALUE, path, "is " + node.doubleValue() + ", not a finite number");
      }
    }
  }

  private static int count(JsonNode record, String... names) {
    int n = 0;
    for (String name : names) {
      if (record.has(name)) n++;
    }
    return n;
  }

  private static java.time.Duration toDuration(double seconds) {
    return java.time.Duration.ofNanos(Math.round(seconds * 1_000_000) * 1_000);
  }

  /** Seconds since the epoch, kept to the microsecond: finer digits of a double are noise. */
  private static Instant toInstant(double seconds, String at) throws DecodeException {
    if (seconds > 32_503_680_000d) { // year 3000
      throw new DecodeException(RejectReason.INVALID_TIME, at + ".t", "time " + seconds + " s is not a plausible date");
    }
    long micros = Math.round(seconds * 1_000_000);
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }
}
