package dev.citywatch.model.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** Typed access to fields of a JSON object, each failure naming the field's path. */
final class JsonFields {
  private JsonFields() {}

  static String path(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static JsonNode require(JsonNode object, String name, String path) throws DecodeException {
    JsonNode node = object.get(name);
    if (node == null || node.isNull()) {
      throw new DecodeException(RejectReason.MISSING_FIELD, path(path, name), "required field is missing");
    }
    return node;
  }

  static String requireText(JsonNode object, String name, String path) throws DecodeException {
    return text(require(object, name, path), path(path, name));
  }

  static String text(JsonNode node, String path) throws DecodeException {
    if (!node.isTextual()) {
      throw wrongType(path, "a string", node);
    }
    return node.textValue();
  }

  static double number(JsonNode node, String path) throws DecodeException {
    if (!node.isNumber()) {
      throw wrongType(path, "a number", node);
    }
    return node.doubleValue();
  }

  static void requireObject(JsonNode node, String path) throws DecodeException {
    if (!node.isObject()) {
      throw wrongType(path, "an object", node);
    }
  }

  static void rejectUnknown(JsonNode object, Set<String> known, String path) throws DecodeException {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new DecodeException(
            RejectReason.UNKNOWN_FIELD, path(path, name), "unknown field; expected one of " + new java.util.TreeSet<>(known));
      }
    }
  }

  static DecodeException wrongType(String path, String expected, JsonNode actual) {
    return new DecodeException(
        RejectReason.WRONG_TYPE, path, "expected " + expected + ", got " + actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
  }
}
