package dev.citywatch.dashboards;

import java.time.Instant;
import java.util.Map;

/**
 * Substitutes Grafana's InfluxQL macros and dashboard variables the way Grafana does before it
 * sends a query: {@code $timeFilter} becomes a time range, {@code $__interval} an interval, and a
 * multi-value variable used in a regex becomes {@code (a|b)} (or its "All" value {@code .*}).
 */
final class GrafanaMacros {
  private GrafanaMacros() {}

  static String apply(String query, Instant from, Instant to, String interval, Map<String, String> variables) {
    String out = query.replace("$timeFilter", "time >= " + from.toEpochMilli() + "ms and time <= " + to.toEpochMilli() + "ms")
        .replace("$__interval", interval);
    for (Map.Entry<String, String> v : variables.entrySet()) {
      out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
    }
    return out;
  }
}
