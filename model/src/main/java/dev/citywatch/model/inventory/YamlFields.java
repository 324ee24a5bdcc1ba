package dev.citywatch.model.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Ids;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads fields of the inventory tree. Every mistake becomes a problem and a neutral result, so that
 * loading goes on and reports everything that is wrong in one pass.
 */
final class YamlFields {
  private final String file;
  private final YamlLines lines;
  private final List<InventoryProblem> problems = new ArrayList<>();

  YamlFields(String file, YamlLines lines) {
    this.file = file;
    this.lines = lines;
  }

  void problem(String path, String message) {
    problems.add(new InventoryProblem(file, lines.lineOf(path), path, message));
  }

  List<InventoryProblem> problems() {
    return problems;
  }

  static String at(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  void allowOnly(JsonNode object, Set<String> fields, String path) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!fields.contains(name)) {
        problem(at(path, name), "unknown field (allowed here: " + new java.util.TreeSet<>(fields) + ")");
      }
    }
  }

  Optional<String> optionalText(JsonNode object, String field, String path) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) return Optional.empty();
    if (!node.isTextual() || node.textValue().isBlank()) {
      problem(at(path, field), "must be a non-empty string");
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  String text(JsonNode object, String field, String path) {
    Optional<String> value = optionalText(object, field, path);
    if (value.isEmpty() && (object.get(field) == null || object.get(field).isNull())) {
      problem(at(path, field), "is required");
    }
    return value.orElse(null);
  }

  String id(JsonNode object, String field, String path) {
    String id = text(object, field, path);
    if (id != null && !Ids.isValid(id)) {
      problem(at(path, field), "'" + id + "' is not a valid id (lower-case letters, digits and '-', at most 64)");
      return null;
    }
    return id;
  }

  Double number(JsonNode object, String field, String path) {
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
  JsonNode object(JsonNode parent, String field, String path) {
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
  List<JsonNode> list(JsonNode parent, String field, String path, boolean required) {
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

  List<String> textList(JsonNode parent, String field, String path, boolean required) {
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
  GeoPoint point(JsonNode parent, String field, String path, Bounds bounds) {
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
}
