package dev.citywatch.launcher.bench;

import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.InfluxSink;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.testkit.LocalInflux;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.influxdb.BatchOptions;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench sink}: the storage job's InfluxDB sink (batches of 5,000, retries, flush on
 * checkpoint) against a plain influxdb-java batch writer, each writing the same points into its own
 * database of one {@code influxd} started by the bench. Both end when InfluxDB holds every point.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = {"CityWatch's InfluxDB sink versus a plain influxdb-java batch writer, same points, same influxd.",
        "Ends with one JSON line."})
public final class SinkBench implements Callable<Integer> {
  private static final int DEVICES = 1_000;

  @Option(names = "--points", defaultValue = "500000", description = "Points each writer writes (default: ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--rounds", defaultValue = "2", description = "Measured rounds per writer, alternating; best kept (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Override
  public Integer call() throws Exception {
    try (LocalInflux influxd = LocalInflux.start(null)) {
      Bench.step("influxd at %s; %,d points per run (%d devices, 4 fields each)", influxd.url(), points, DEVICES);
      double bestSink = Double.MAX_VALUE;
      double bestPlain = Double.MAX_VALUE;
      for (int round = 0; round <= rounds; round++) { // round 0 warms both up and is not counted
        double plain = plain(influxd.url(), "plain_" + round);
        double sink = sink(influxd.url(), "sink_" + round);
        Bench.step("%s", String.format(Locale.ROOT, "%s: plain writer %.2f s (%,.0f points/s), CityWatch sink %.2f s (%,.0f points/s)",
            round == 0 ? "warm-up" : "round " + round, plain, points / plain, sink, points / sink));
        if (round > 0) {
          bestSink = Math.min(bestSink, sink);
          bestPlain = Math.min(bestPlain, plain);
        }
      }
      double ratio = bestPlain / bestSink;
      Bench.step("%s", String.format(Locale.ROOT, "CityWatch sink %,.0f points/s vs plain writer %,.0f points/s: %.0f%%",
          points / bestSink, points / bestPlain, ratio * 100));
      Map<String, Object> result = Bench.result("sink");
      result.put("points", points);
      result.put("citywatch_sink_points_per_s", Math.round(points / bestSink));
      result.put("plain_writer_points_per_s", Math.round(points / bestPlain));
      result.put("ratio", Math.round(ratio * 100) / 100.0);
      result.put("influxdb_version", version(influxd.url()));
      Bench.json(result);
    }
    return 0;
  }

  private static Map<String, Object> fields(long i) {
    return Map.of("level", 1.0 + (i % 1000) / 100.0, "speed", (double) (i % 90), "volume", (double) (i % 40), "seq", i);
  }

  private static long time(long i) {
    return System.currentTimeMillis() - 3_600_000L + i; // distinct per point within the hour before now
  }

  /** influxdb-java's own batching (5,000 points or 500 ms, as the sink), then waits until every point is stored. */
  private double plain(String url, String database) throws Exception {
    try (InfluxDB influx = InfluxDBFactory.connect(url)) {
      influx.query(new Query("CREATE DATABASE " + database));
      influx.setDatabase(database);
      long t0 = System.nanoTime();
      influx.enableBatch(BatchOptions.DEFAULTS.actions(5_000).flushDuration(500).bufferLimit(100_000));
      for (long i = 0; i < points; i++) {
        Point.Builder p = Point.measurement("bench").time(time(i), TimeUnit.MILLISECONDS).tag("device", "d" + (i % DEVICES));
        fields(i).forEach((k, v) -> {
          if (v instanceof Long l) p.addField(k, l); else p.addField(k, (Double) v);
        });
        influx.write(p.build());
      }
      influx.flush();
      awaitCount(influx, database, "autogen");
      return (System.nanoTime() - t0) / 1e9;
    }
  }

  /** The storage job's sink in a Flink job at parallelism 1, fed from a sequence, checkpointing every 10 s as the job does. */
  private double sink(String url, String database) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.enableCheckpointing(10_000);
    int devices = DEVICES;
    long base = System.currentTimeMillis() - 3_600_000L;
    env.fromSequence(0, points - 1)
        .map(i -> new PointRecord(InfluxSettings.RAW, "bench", Map.of("device", "d" + (i % devices)), fields(i), base + i))
        .returns(PointRecord.class)
        .sinkTo(new InfluxSink(InfluxSettings.of(url, database)));
    // The job's own run time, without starting the local cluster (about 2 s, which no deployment pays per point).
    double ran = env.execute("bench-sink").getNetRuntime(TimeUnit.MILLISECONDS) / 1e3;
    long t0 = System.nanoTime();
    try (InfluxDB influx = InfluxDBFactory.connect(url)) {
      awaitCount(influx, database, InfluxSettings.RAW);
    }
    return ran + (System.nanoTime() - t0) / 1e9;
  }

  private void awaitCount(InfluxDB influx, String database, String rp) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    long seen = 0;
    while (System.nanoTime() < deadline) {
      QueryResult r = influx.query(new Query("SELECT count(\"seq\") FROM \"" + rp + "\".\"bench\"", database));
      var series = r.getResults().get(0).getSeries();
      seen = series == null ? 0 : ((Number) series.get(0).getValues().get(0).get(1)).longValue();
      if (seen >= points) return;
      Thread.sleep(100);
    }
    throw new IllegalStateException(database + " holds " + seen + " of " + points + " points after 5 minutes");
  }

  private static String version(String url) {
    try (InfluxDB influx = InfluxDBFactory.connect(url)) {
      return influx.version();
    }
  }
}
