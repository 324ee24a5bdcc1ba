package dev.citywatch.launcher.drill;

import dev.citywatch.launcher.platform.ProcessRig;
import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.alerting.receiver.ReceivedAlert;
import dev.citywatch.alerting.receiver.WebhookReceiver;
import dev.citywatch.model.wire.WireJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Reads back what a drill's devices left behind: their readings in InfluxDB (by number) and the
 * fire alerts their alarms caused at the receiver.
 */
final class DrillLedger implements AutoCloseable {
  /** The subscription whose deliveries are counted: Wonju's disaster office gets every fire alert (JSON). */
  static final String ALERT_PATH = "/hooks/wonju-disaster";

  private final InfluxDB influx;

  DrillLedger(String influxUrl) {
    this.influx = InfluxDBFactory.connect(influxUrl);
  }

  /** Readings stored per number, for one device (a count above one is a duplicate). */
  Map<Long, Integer> stored(DrillDevice device, Instant since) {
    QueryResult r = query("SELECT \"seq\" FROM \"raw\".\"" + device.kind().measurement() + "\" WHERE \"device\" = '" + device.id()
        + "' AND time >= '" + since + "'");
    Map<Long, Integer> counts = new HashMap<>();
    series(r).forEach(s -> s.getValues().forEach(row -> counts.merge(((Number) row.get(1)).longValue(), 1, Integer::sum)));
    return counts;
  }

  /** How many of the devices' readings timed in [from, to] are stored, or -1 while InfluxDB does not answer. */
  long storedBetween(List<DrillDevice> devices, Instant from, Instant to) {
    String regex = devices.stream().map(DrillDevice::id).collect(Collectors.joining("|", "/^(", ")$/"));
    try {
      QueryResult r = query("SELECT count(\"seq\") FROM \"raw\".\"air_quality\", \"raw\".\"fire\" WHERE \"device\" =~ " + regex
          + " AND time >= '" + from + "' AND time <= '" + to + "'");
      return series(r).stream().mapToLong(s -> ((Number) s.getValues().get(0).get(1)).longValue()).sum();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Distinct firing steps of fire alerts per device at {@link #ALERT_PATH}, and the requests that repeated one. */
  static Alerts alerts(WebhookReceiver receiver, Set<String> devices) {
    Map<String, Set<String>> firing = new HashMap<>();
    Map<String, Integer> requests = new HashMap<>();
    for (ReceivedAlert r : receiver.received()) {
      if (!ALERT_PATH.equals(r.path())) continue;
      JsonNode a = alert(r);
      String device = a.path("subject").asText();
      if (!"fire".equals(a.path("kind").asText()) || !devices.contains(device) || !"firing".equals(a.path("state").asText())) continue;
      firing.computeIfAbsent(device, k -> new java.util.HashSet<>()).add(r.idempotencyKey());
      requests.merge(device + " " + r.idempotencyKey(), 1, Integer::sum);
    }
    int repeats = requests.values().stream().mapToInt(n -> n - 1).sum();
    return new Alerts(firing, repeats);
  }

  /** Firing steps by device (distinct Idempotency-Keys) and the requests that repeated a key. */
  record Alerts(Map<String, Set<String>> firingByDevice, int repeatedRequests) {
    boolean deliveredAll(Set<String> devices) {
      return firingByDevice.keySet().containsAll(devices);
    }
  }

  private static JsonNode alert(ReceivedAlert r) {
    try {
      return WireJson.mapper().readTree(r.body()).path("alert");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private QueryResult query(String q) {
    QueryResult r = influx.query(new Query(q, ProcessRig.DATABASE));
    if (r.hasError()) throw new IllegalStateException(r.getError() + " for " + q);
    return r;
  }

  private static List<QueryResult.Series> series(QueryResult r) {
    if (r.getResults() == null || r.getResults().isEmpty()) return List.of();
    QueryResult.Result first = r.getResults().get(0);
    if (first.getError() != null) throw new IllegalStateException(first.getError());
    return first.getSeries() == null ? List.of() : first.getSeries();
  }

  static BitSet numbers(Map<Long, Integer> stored) {
    BitSet b = new BitSet();
    stored.keySet().forEach(n -> b.set(n.intValue()));
    return b;
  }

  @Override
  public void close() {
    influx.close();
  }
}
