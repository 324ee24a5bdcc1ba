package dev.citywatch.launcher.bench;

import dev.citywatch.alerting.webhook.Ledger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * The latency ledgers of delivered alert steps, as the alerting service wrote them to
 * {@code webhook_deliveries} (docs/measurements.md): per stage a histogram in microseconds, so the
 * bench reads the same ledger the Pipeline dashboard shows.
 */
final class StageLatencies {
  static final List<String> STAGES = List.of(Ledger.GATEWAY, Ledger.TO_JOB, Ledger.DETECT, Ledger.ALERT_TO_KAFKA, Ledger.TO_ALERTING,
      Ledger.ALERTING, Ledger.HTTP, Ledger.TOTAL);

  private final Map<String, Histogram> byStage = new LinkedHashMap<>();
  private final List<Slow> ledgers = new java.util.ArrayList<>();
  private int steps;

  /** One delivered step's ledger: when the 2xx came and ms per stage. */
  private record Slow(java.time.Instant delivered, Map<String, Double> stages) {
    double total() {
      return stages.getOrDefault(Ledger.TOTAL, 0.0);
    }
  }

  private StageLatencies() {
    STAGES.forEach(s -> byStage.put(s, new Histogram(3)));
  }

  /** The ledgers of the FIRING steps of {@code alertIds} delivered to subscription {@code webhook}. */
  static StageLatencies read(String influxUrl, String database, String webhook, Set<String> alertIds) {
    StageLatencies out = new StageLatencies();
    try (InfluxDB influx = InfluxDBFactory.connect(influxUrl)) {
      String fields = String.join(", ", STAGES.stream().map(s -> "\"" + s + "\"").toList());
      QueryResult r = influx.query(new Query("SELECT \"alert_id\", \"version\", " + fields + " FROM \"webhook_deliveries\" WHERE \"webhook\" = '"
          + webhook + "' AND \"outcome\" = 'delivered'", database));
      if (r.getResults() == null || r.getResults().get(0).getSeries() == null) return out;
      for (QueryResult.Series series : r.getResults().get(0).getSeries()) {
        List<String> cols = series.getColumns();
        for (List<Object> row : series.getValues()) {
          if (!alertIds.contains((String) row.get(cols.indexOf("alert_id")))) continue;
          if (((Number) row.get(cols.indexOf("version"))).longValue() != 1) continue;
          out.steps++;
          Map<String, Double> ms = new LinkedHashMap<>();
          for (String stage : STAGES) {
            Object v = row.get(cols.indexOf(stage));
            if (v instanceof Number n) {
              out.byStage.get(stage).recordValue(Math.max(0, Math.round(n.doubleValue() * 1000)));
              ms.put(stage, n.doubleValue());
            }
          }
          out.ledgers.add(new Slow(java.time.Instant.parse((String) row.get(cols.indexOf("time"))), ms));
        }
      }
    }
    return out;
  }

  int steps() {
    return steps;
  }

  /** Per stage: p50, p99, max in ms. */
  Map<String, Object> json() {
    Map<String, Object> out = new LinkedHashMap<>();
    byStage.forEach((stage, h) -> {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("p50", ms(h.getValueAtPercentile(50)));
      s.put("p99", ms(h.getValueAtPercentile(99)));
      s.put("max", ms(h.getMaxValue()));
      out.put(stage.replace("_ms", ""), s);
    });
    return out;
  }

  String table() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "  %-22s %10s %10s %10s%n", "stage", "p50 ms", "p99 ms", "max ms"));
    byStage.forEach((stage, h) -> s.append(String.format(Locale.ROOT, "  %-22s %10.1f %10.1f %10.1f%n", stage.replace("_ms", ""),
        ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()))));
    return s.toString();
  }

  /**
   * The {@code n} slowest ledgers, each with its attempt time in seconds after the first
   * and its two largest stages: a tail that clusters in time is a stall of the whole box (a pause,
   * a checkpoint, warm-up), one spread out is a cost of its own stage.
   */
  String slowest(int n) {
    if (ledgers.isEmpty()) return "";
    java.time.Instant first = ledgers.stream().map(Slow::delivered).min(java.util.Comparator.naturalOrder()).orElseThrow();
    StringBuilder s = new StringBuilder("  slowest ledgers (sent at +s: total; largest stages):\n");
    ledgers.stream().sorted(java.util.Comparator.comparingDouble(Slow::total).reversed()).limit(n).forEach(l -> {
      String top = l.stages().entrySet().stream().filter(e -> !e.getKey().equals(Ledger.TOTAL))
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(2)
          .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey().replace("_ms", ""), e.getValue())).reduce((a, b) -> a + ", " + b)
          .orElse("");
      s.append(String.format(Locale.ROOT, "    +%5.1f s: %7.0f ms; %s%n", java.time.Duration.between(first, l.delivered()).toMillis() / 1e3,
          l.total(), top));
    });
    return s.toString();
  }

  private static double ms(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }
}
