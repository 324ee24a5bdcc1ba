package dev.citywatch.launcher.bench;

import dev.citywatch.jobs.types.RecordTypes;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.EventTime;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.Alert;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.world.MessageStream;
import dev.citywatch.sim.world.SimMessage;
import dev.citywatch.sim.world.World;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench detection}: records per second through every detector of the detection job (dedup,
 * heavy rain, flood, fire, particulates, STA/LTA and association, congestion, anomaly, incident,
 * device faults) at parallelism 1, fed from memory so that neither Kafka nor decoding is measured.
 * A second run with the same source and no detectors gives the cost of the harness itself.
 */
@Command(name = "detection", mixinStandardHelpOptions = true,
    description = {"Events/s/core through the detection operators alone (Flink, parallelism 1, records from memory).",
        "Ends with one JSON line."})
public final class DetectionBench implements Callable<Integer> {
  @Option(names = "--scenario", defaultValue = "typhoon", description = "Scenario whose readings are fed (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(names = "--records", defaultValue = "1000000", description = "Records fed, at most (default: ${DEFAULT-VALUE}).")
  int maxRecords;

  @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds (harness alone, then every detector); the median "
      + "is reported, with the spread (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seed", defaultValue = "1", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The records, where the job's tasks (in this JVM) read them by index: no serialisation of a million records into the job. */
  static volatile TelemetryRecord[] records;

  @Override
  public Integer call() throws Exception {
    CityReference city = CityReference.defaults();
    Inventory inventory = city.inventory();
    Scenario played = ScenarioLoader.load(scenario, inventory);
    Bench.step("generating up to %,d readings of scenario %s...", maxRecords, played.name());
    records = generate(new World(inventory, played, seed), maxRecords);
    Bench.step("%,d readings (%s of simulated time)", records.length,
        java.time.Duration.between(records[0].eventTime(), records[records.length - 1].eventTime()));

    Bench.step("warm-up run (detectors on)...");
    run(city, true);
    if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1, got " + rounds);
    double[] harnessSeconds = new double[rounds];
    double[] detectSeconds = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      Bench.step("round %d/%d: harness alone (source, watermarks, no detectors)...", i + 1, rounds);
      harnessSeconds[i] = run(city, false);
      Bench.step("round %d/%d: every detector...", i + 1, rounds);
      detectSeconds[i] = run(city, true);
      Bench.step("%s", String.format(Locale.ROOT, "round %d/%d: %,.0f records/s (%.2f s; harness alone %.2f s)", i + 1, rounds,
          records.length / detectSeconds[i], detectSeconds[i], harnessSeconds[i]));
    }
    double detect = median(detectSeconds);
    double harness = median(harnessSeconds);
    double perSecond = records.length / detect;
    double slowest = records.length / Arrays.stream(detectSeconds).max().orElseThrow();
    double fastest = records.length / Arrays.stream(detectSeconds).min().orElseThrow();
    double detectorsOnly = records.length / Math.max(1e-9, detect - harness);
    Bench.step("%s", String.format(Locale.ROOT, "detection: median %,.0f records/s at parallelism 1 over %d rounds (%,.0f–%,.0f); harness "
        + "alone %.2f s; detectors alone ≈ %,.0f records/s", perSecond, rounds, slowest, fastest, harness, detectorsOnly));

    Map<String, Object> result = Bench.result("detection");
    result.put("scenario", played.name());
    result.put("records", records.length);
    result.put("parallelism", 1);
    result.put("seconds_with_detectors", round(detect));
    result.put("seconds_harness_only", round(harness));
    result.put("rounds", rounds);
    result.put("events_per_s_per_core", Math.round(perSecond));
    result.put("events_per_s_slowest_round", Math.round(slowest));
    result.put("events_per_s_fastest_round", Math.round(fastest));
    result.put("gc", ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
    result.put("events_per_s_detectors_only_estimate", Math.round(detectorsOnly));
    result.put("flink", org.apache.flink.runtime.util.EnvironmentInformation.getVersion());
    Bench.json(result);
    return 0;
  }

  private static TelemetryRecord[] generate(World world, int max) {
    MessageStream stream = new MessageStream(world, world.tenant().devices(), 1);
    java.util.List<TelemetryRecord> out = new java.util.ArrayList<>();
    while (stream.hasNext() && out.size() < max) {
      SimMessage m = stream.next();
      out.add(new TelemetryRecord(TelemetryRecord.SCHEMA, m.tenant(), m.device().id(), m.device().kind(), m.seq(), m.device().format(),
          "bench", m.time().plusMillis(20), m.readings()));
    }
    return out.toArray(TelemetryRecord[]::new);
  }

  /** Runs the job to the end of the records; returns its wall time in seconds. */
  private static double run(CityReference city, boolean detectors) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    JobSettings.passRecordsUncopied(env); // as the jobs run
    JobSettings settings = JobSettings.of("unused:9092", "http://unused:8086", "unused", "t", "s", "d", "a", "bench");
    int n = records.length;
    DataStream<TelemetryRecord> telemetry = env.fromSequence(0, n - 1).name("records")
        .map(i -> records[(int) (long) i]).returns(RecordTypes.TELEMETRY).name("from-memory") // as the Kafka reader makes them
        .assignTimestampsAndWatermarks(EventTime.telemetry(settings.outOfOrderness(), settings.idleness()));
    if (detectors) {
      DataStream<DeviceStatus> status = env.fromSequence(0, 0).filter(i -> false).map(i -> (DeviceStatus) null)
          .returns(TypeInformation.of(DeviceStatus.class)).assignTimestampsAndWatermarks(EventTime.status(java.time.Duration.ZERO,
              java.time.Duration.ofSeconds(10)));
      DataStream<DeadLetter> dead = env.fromSequence(0, 0).filter(i -> false).map(i -> (DeadLetter) null)
          .returns(TypeInformation.of(DeadLetter.class)).assignTimestampsAndWatermarks(WatermarkStrategy.<DeadLetter>forMonotonousTimestamps()
              .withTimestampAssigner((d, previous) -> d.receivedAt().toEpochMilli()));
      DetectionJob.detect(new DetectionJob.Inputs(telemetry, status, dead),
          new DetectionJob.Sinks(new DiscardingSink<Alert>(), new DiscardingSink<PointRecord>()), city, settings);
    } else {
      telemetry.sinkTo(new DiscardingSink<>());
    }
    long t0 = System.nanoTime();
    env.execute(detectors ? "bench-detection" : "bench-harness");
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
