package dev.citywatch.model.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.inventory.Bounds;
import dev.citywatch.model.Ids;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads fields of a parsed YAML tree (inventory, scenarios, criteria). Every mistake becomes a
 * problem and a neutral result, so that loading goes on and reports everything wrong in one pass.
 */
public final class YamlFields {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");
  private final String file;
  private final YamlLines lines;
  private final List<YamlProblem> problems = new ArrayList<>();

  public YamlFields(String file, YamlLines lines) {
    this.file = file;
    this.lines = lines;
  }

  public void problem(String path, String message) {
    problems.add(new YamlProblem(file, lines.lineOf(path), path, message));
  }

  public List<YamlProblem> problems() {
    return problems;
  }

  /**
   * Parses {@code text} as YAML, refusing duplicate keys; a syntax error becomes a problem with its
   * line, reported as a {@link YamlException} about {@code what} ("scenario", "criteria").
   */
  public static JsonNode readTree(String source, String text, String what) throws YamlException {
    try {
      return new YAMLMapper(YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new YamlException(what, List.of(new YamlProblem(source, line, "", "not valid YAML: " + e.getOriginalMessage())));
    }
  }

  public static String at(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  public void allowOnly(JsonNode object, Set<String> fields, String path) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        problem(at(path, name), "unknown field (allowed here: " + new TreeSet<>(fields) + ")");
      }
    }
  }

  public Optional<String> optionalText(JsonNode object, String field, String path) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) return Optional.empty();
    if (!node.isTextual() || node.textValue().isBlank()) {
      problem(at(path, field), "must be a non-empty string");
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  public String text(JsonNode object, String field, String path) {
    Optional<String> value = optionalText(object, field, path);
    if (value.isEmpty() && (object.get(field) == null || object.get(field).isNull())) {
      problem(at(path, field), "is required");
    }
    return value.orElse(null);
  }

  public String id(JsonNode object, String field, String path) {
    String id = text(object, field, path);
    if (id != null && !Ids.isValid(id)) {
      problem(at(path, field), "'" + id + "' is not a valid id (lower-case letters, digits and '-', at most 64)");
      return null;
    }
    return id;
  }

  public Double number(JsonNode object, String field, String path) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      problem(at(path, field), "is required");
      return null;
    }
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      problem(at(path, field), "must be a number, got '" + node.asText() + "'");
      return null;
    }
    return node.doubleValue();
  }

  /** A required object field; problems if missing or of another type. */
  public JsonNode object(JsonNode parent, String field, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      problem(at(path, field), "is required");
      return null;
    }
    if (!node.isObject()) {
      problem(at(path, field), "must be a mapping");
      return null;
    }
    return node;
  }

  /** A list field; an absent optional list is empty. */
  public List<JsonNode> list(JsonNode parent, String field, String path, boolean required) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      if (required) problem(at(path, field), "is required");
      return List.of();
    }
    if (!node.isArray()) {
      problem(at(path, field), "must be a list");
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  public List<String> textList(JsonNode parent, String field, String path, boolean required) {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = list(parent, field, path, required);
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      if (item.isTextual() && !item.textValue().isBlank()) {
        out.add(item.textValue());
      } else {
        problem(at(path, field) + "[" + i + "]", "must be a non-empty string");
      }
    }
    return out;
  }

  /** A {@code {lat, lon}} mapping inside {@code bounds} (when bounds are known). */
  public GeoPoint point(JsonNode parent, String field, String path, Bounds bounds) {
    JsonNode node = object(parent, field, path);
    if (node == null) return null;
    String here = at(path, field);
    allowOnly(node, Set.of("lat", "lon"), here);
    Double lat = number(node, "lat", here);
    Double lon = number(node, "lon", here);
    if (lat == null || lon == null) return null;
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      problem(here, "lat " + lat + ", lon " + lon + " is not a WGS 84 position");
      return null;
    }
    GeoPoint point = new GeoPoint(lat, lon);
    if (bounds != null && !bounds.contains(point)) {
      problem(here, "lat " + lat + ", lon " + lon + " lies outside the tenant's bounds " + bounds);
    }
    return point;
  }

  /** An optional number; absent gives {@code fallback}. */
  public double number(JsonNode object, String field, String path, double fallback) {
    JsonNode node = object.get(field);
    return node == null || node.isNull() ? fallback : Objects.requireNonNullElse(number(object, field, path), fallback);
  }

  /**
   * A duration written as a number and a unit ({@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}) or
   * as ISO-8601 ({@code PT15M}); absent gives {@code fallback} (null: required).
   */
  public Duration duration(JsonNode object, String field, String path, Duration fallback) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      if (fallback == null) problem(at(path, field), "is required");
      return fallback;
    }
    Optional<Duration> parsed = node.isTextual() ? parseDuration(node.textValue()) : Optional.empty();
    if (parsed.isEmpty() || parsed.get().isNegative()) {
      problem(at(path, field), "must be a duration such as 30s, 15m, 2h or 1d, got '" + node.asText() + "'");
      return fallback;
    }
    return parsed.get();
  }

  /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, combinations such as {@code 4h30m}, or ISO-8601 ({@code PT15M}). */
  public static Optional<Duration> parseDuration(String text) {
    String s = text.strip();
    try {
      if (s.startsWith("P") || s.startsWith("p")) return Optional.of(Duration.parse(s));
      Matcher m = DURATION.matcher(s);
      Duration total = Duration.ZERO;
      int end = 0;
      while (m.find() && m.start() == end) {
        double v = Double.parseDouble(m.group(1));
        long millis = switch (m.group(2)) {
          case "ms" -> Math.round(v);
          case "s" -> Math.round(v * 1_000);
          case "m" -> Math.round(v * 60_000);
          case "h" -> Math.round(v * 3_600_000);
          default -> Math.round(v * 86_400_000);
        };
        total = total.plusMillis(millis);
        end = m.end();
      }
      return end == s.length() && end > 0 ? Optional.of(total) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
