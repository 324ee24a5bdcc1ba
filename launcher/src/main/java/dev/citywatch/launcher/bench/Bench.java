package dev.citywatch.launcher.bench;

import dev.citywatch.model.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What every benchmark prints: progress steps, and at the end one JSON line with the machine it ran on. */
final class Bench {
  private Bench() {}

  static void step(String format, Object... args) {
    System.out.printf("[bench] " + format + "%n", args);
    System.out.flush();
  }

  /** The start of a result: bench name, cores, Java, and the versions of what is measured. */
  static Map<String, Object> result(String name) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("bench", name);
    r.put("cores", Runtime.getRuntime().availableProcessors());
    r.put("java", System.getProperty("java.version"));
    r.put("citywatch_version", "0.1.0");
    return r;
  }

  static void json(Map<String, Object> result) {
    System.out.println(new String(WireJson.write(result), StandardCharsets.UTF_8));
  }
}
