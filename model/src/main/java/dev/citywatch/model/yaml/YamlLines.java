package dev.citywatch.model.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each node of a YAML document starts, by path ({@code tenants[0].devices[3].id}), so that a
 * problem found in the parsed tree can be reported with its line.
 */
public final class YamlLines {
  private final Map<String, Integer> lines = new HashMap<>();

  public YamlLines(String yaml) {
    try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        JsonStreamContext ctx = parser.getParsingContext();
        if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && ctx.getParent() != null) {
          ctx = ctx.getParent();
        }
        lines.putIfAbsent(toPath(ctx), parser.currentTokenLocation().getLineNr());
      }
    } catch (IOException e) {
      // The loader reports syntax errors itself; lines stay unknown for what could not be read.
    }
  }

  /** The line of {@code path}, or of its nearest ancestor that has one; 0 when unknown. */
  public int lineOf(String path) {
    String p = path;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) return line;
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return lines.getOrDefault("", 0);
      p = p.substring(0, cut);
    }
  }

  private static String toPath(JsonStreamContext ctx) {
    StringBuilder sb = new StringBuilder();
    append(sb, ctx);
    return sb.toString();
  }

  private static void append(StringBuilder sb, JsonStreamContext ctx) {
    if (ctx == null || ctx.inRoot()) return;
    append(sb, ctx.getParent());
    if (ctx.inArray()) {
      sb.append('[').append(Math.max(ctx.getCurrentIndex(), 0)).append(']');
    } else if (ctx.getCurrentName() != null) {
      if (sb.length() > 0) sb.append('.');
      sb.append(ctx.getCurrentName());
    }
  }
}
