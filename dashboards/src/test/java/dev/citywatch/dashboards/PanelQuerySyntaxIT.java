package dev.citywatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/**
 * Every panel, variable and annotation query, with Grafana's macros substituted, is valid InfluxQL
 * for a real InfluxDB laid out as the storage job lays it out (database, {@code raw} default and
 * {@code rollup} retention policies). Whether the queries return data is PanelQueriesIT's job.
 */
@RealServers
class PanelQuerySyntaxIT {
  @Test
  void everyDashboardQueryIsAcceptedByInfluxDb(InfluxEndpoint server) {
    String database = Names.unique("dash_syntax");
    try (InfluxDB influx = InfluxDBFactory.connect(server.url())) {
      influx.query(new Query("CREATE DATABASE \"" + database + "\""));
      influx.query(new Query("CREATE RETENTION POLICY \"raw\" ON \"" + database + "\" DURATION 168h REPLICATION 1 DEFAULT"));
      influx.query(new Query("CREATE RETENTION POLICY \"rollup\" ON \"" + database + "\" DURATION 17472h REPLICATION 1"));
      Instant to = Instant.now();
      Map<String, String> variables = Map.of("tenant", "(wonju|hoengseong)", "district", ".*", "gauge", "wonju-rv-003");
      List<String> problems = new ArrayList<>();
      List<Dashboards.PanelQuery> queries = Dashboards.queries();
      for (Dashboards.PanelQuery q : queries) {
        String sql = GrafanaMacros.apply(q.query(), to.minus(Duration.ofHours(24)), to, "1m", variables);
        QueryResult r = influx.query(new Query(sql, database));
        String error = r.getError() != null ? r.getError()
            : r.getResults() != null && r.getResults().get(0).getError() != null ? r.getResults().get(0).getError() : null;
        if (error != null) problems.add(q.dashboard() + " / " + q.panel() + " (" + q.refId() + "): " + error + "\n    " + sql);
      }
      System.out.printf("[dashboards] %d panel queries sent to InfluxDB, %d refused%n", queries.size(), problems.size());
      assertThat(problems).as("queries InfluxDB refused").isEmpty();
      assertThat(queries).hasSizeGreaterThan(40);
    }
  }
}
