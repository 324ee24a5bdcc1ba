package dev.citywatch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/** InfluxQL queries for tests against one database. */
public final class Influx implements AutoCloseable {
  private final InfluxDB influx;
  private final String database;

  public Influx(String url, String database) {
    this.influx = InfluxDBFactory.connect(url);
    this.database = database;
  }

  /** The rows of the first series of {@code query}, each with its time first; empty if none. */
  public List<List<Object>> rows(String query) {
    QueryResult result = influx.query(new Query(query, database));
    if (result.getError() != null && result.getError().startsWith("database not found")) return List.of(); // the job creates it
    assertThat(result.getError()).as(query).isNull();
    QueryResult.Result first = result.getResults().get(0);
    if (first.getError() != null && first.getError().startsWith("database not found")) return List.of();
    assertThat(first.getError()).as(query).isNull();
    return first.getSeries() == null ? List.of() : first.getSeries().get(0).getValues();
  }

  /** The single number a {@code SELECT count(...)}/{@code sum(...)} query returns (0 when there is no row). */
  public long number(String query) {
    List<List<Object>> rows = rows(query);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get(1)).longValue();
  }

  /** Polls {@code query} until its number satisfies {@code done} (or the time is up), and returns the last value. */
  public long await(String query, LongPredicate done, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long value = number(query);
    while (!done.test(value) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      value = number(query);
    }
    return value;
  }

  public QueryResult raw(String query) {
    return influx.query(new Query(query, database));
  }

  @Override
  public void close() {
    influx.close();
  }
}
