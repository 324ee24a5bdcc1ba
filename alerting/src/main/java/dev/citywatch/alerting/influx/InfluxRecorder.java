package dev.citywatch.alerting.influx;

import dev.citywatch.alerting.webhook.Acknowledgement;
import dev.citywatch.alerting.webhook.DeliveryAttempt;
import dev.citywatch.alerting.webhook.Ledger;
import dev.citywatch.alerting.webhook.DeliveryLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.influxdb.BatchOptions;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the delivery log ({@code webhook_deliveries}, one point per attempt) and acknowledgements
 * ({@code alert_acks}) to InfluxDB, in the database's default retention policy (docs/measurements.md).
 * Writes are batched by the client library on its own thread, so the event loop never waits on
 * InfluxDB; if InfluxDB is away, the points of that batch are logged as lost (the log is for
 * dashboards; deliveries themselves never depend on it).
 */
public final class InfluxRecorder implements DeliveryLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxRecorder.class);
  private final InfluxDB influx;
  private final String database;
  /** Nanosecond tiebreak, so two attempts in one millisecond are two points, not one overwritten. */
  private final AtomicLong sequence = new AtomicLong();

  public InfluxRecorder(String url, String database) {
    this.database = database;
    this.influx = InfluxDBFactory.connect(url);
  }

  /** Creates the database if missing and starts batching. Blocking: call at start-up, off the event loop. */
  public void start() {
    QueryResult created = influx.query(new Query("CREATE DATABASE \"" + database + "\""));
    if (created.hasError()) throw new IllegalStateException("InfluxDB refused CREATE DATABASE: " + created.getError());
    influx.setDatabase(database);
    // The client's default is the policy "autogen"; an empty one lets InfluxDB use the database's
    // default policy, which is where the storage job's "raw" policy puts everything dashboards read.
    influx.setRetentionPolicy("");
    influx.enableBatch(BatchOptions.DEFAULTS.actions(500).flushDuration(1000).bufferLimit(20_000)
        .exceptionHandler((points, e) -> LOG.warn("[influx db={}] {} log point(s) not written: {}", database,
            points.spliterator().getExactSizeIfKnown(), e.toString())));
  }

  @Override
  public void attempted(DeliveryAttempt a) {
    Point.Builder point = Point.measurement("webhook_deliveries")
        .time(nanos(a.at()), TimeUnit.NANOSECONDS)
        .tag("tenant", a.tenant())
        .tag("webhook", a.subscription())
        .tag("outcome", a.outcome())
        .tag("event", a.event())
        .addField("alert_id", a.alertId())
        .addField("version", a.version())
        .addField("attempt", a.attempt())
        .addField("status", a.status())
        .addField("latency_ms", a.latency().toNanos() / 1e6)
        .addField("since_event_ms", a.sinceEvent().toMillis())
        .addField("since_detected_ms", a.sinceDetected().toMillis())
        .addField("error", a.error());
    if (a.ledger() != null) {
      a.ledger().stages().forEach((stage, d) -> point.addField(stage, d.toNanos() / 1e6));
      if (a.ledger().total() != null) point.addField(Ledger.TOTAL, a.ledger().total().toNanos() / 1e6);
    }
    influx.write(point.build());
  }

  public void acknowledged(Acknowledgement ack, String kind) {
    influx.write(Point.measurement("alert_acks")
        .time(nanos(ack.at()), TimeUnit.NANOSECONDS)
        .tag("tenant", ack.tenant())
        .tag("kind", kind)
        .addField("alert_id", ack.alertId())
        .addField("acknowledged_by", ack.by())
        .addField("token", ack.token())
        .build());
    influx.flush();
  }

  /** Acknowledgements of the last {@code lookBack}, to restore the alert book. Blocking. */
  public List<Acknowledgement> acknowledgements(Duration lookBack) {
    QueryResult result = influx.query(new Query("SELECT alert_id, acknowledged_by, token, tenant FROM alert_acks WHERE time > now() - "
        + lookBack.toSeconds() + "s", database));
    List<Acknowledgement> out = new ArrayList<>();
    if (result.hasError() || result.getResults() == null) return out;
    for (QueryResult.Result r : result.getResults()) {
      if (r.getSeries() == null) continue;
      for (QueryResult.Series s : r.getSeries()) {
        List<String> cols = s.getColumns();
        for (List<Object> row : s.getValues()) {
          out.add(new Acknowledgement((String) row.get(cols.indexOf("alert_id")), (String) row.get(cols.indexOf("tenant")),
              (String) row.get(cols.indexOf("acknowledged_by")), (String) row.get(cols.indexOf("token")),
              Instant.parse((String) row.get(cols.indexOf("time")))));
        }
      }
    }
    return out;
  }

  /**
   * Delivery attempts of the last {@code lookBack}, oldest first, to restore what the console shows
   * after a restart (the newest {@code perAlert} of each alert). Blocking.
   */
  public List<DeliveryAttempt> attempts(Duration lookBack, int perAlert) {
    // The newest attempts first, so that LIMIT keeps the recent ones of a busy log.
    QueryResult result = influx.query(new Query("SELECT * FROM webhook_deliveries WHERE time > now() - " + lookBack.toSeconds()
        + "s ORDER BY time DESC LIMIT 200000", database));
    List<DeliveryAttempt> out = new ArrayList<>();
    if (result.hasError() || result.getResults() == null) return out;
    Map<String, Integer> kept = new HashMap<>();
    for (QueryResult.Result r : result.getResults()) {
      if (r.getSeries() == null) continue;
      for (QueryResult.Series s : r.getSeries()) {
        List<String> cols = s.getColumns();
        for (List<Object> row : s.getValues()) {
          Function<String, Object> col = name -> cols.indexOf(name) < 0 ? null : row.get(cols.indexOf(name));
          String alertId = (String) col.apply("alert_id");
          if (alertId == null || kept.merge(alertId, 1, Integer::sum) > perAlert) continue;
          out.add(new DeliveryAttempt((String) col.apply("webhook"), (String) col.apply("tenant"), alertId,
              number(col.apply("version")), (String) col.apply("event"), (int) number(col.apply("attempt")),
              (int) number(col.apply("status")), Duration.ofNanos(Math.round(decimal(col.apply("latency_ms")) * 1e6)),
              (String) col.apply("outcome"), (String) col.apply("error"), Instant.parse((String) col.apply("time")),
              Duration.ofMillis(number(col.apply("since_event_ms"))), Duration.ofMillis(number(col.apply("since_detected_ms"))), null));
        }
      }
    }
    Collections.reverse(out);
    return out;
  }

  /** InfluxDB answers numbers as doubles in JSON; a field absent from older points reads as 0. */
  private static long number(Object value) {
    return Math.round(decimal(value));
  }

  private static double decimal(Object value) {
    return value instanceof Number n ? n.doubleValue() : 0;
  }

  private long nanos(Instant at) {
    return at.toEpochMilli() * 1_000_000L + sequence.incrementAndGet() % 1_000_000L;
  }

  @Override
  public void close() {
    influx.close();
  }
}
