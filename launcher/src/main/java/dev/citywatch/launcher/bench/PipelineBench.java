package dev.citywatch.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.alerting.receiver.ReceivedAlert;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.storage.StorageJob;
import dev.citywatch.launcher.InfluxCounters;
import dev.citywatch.launcher.platform.ProcessRig;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.sim.inventory.InventoryGenerator;
import dev.citywatch.sim.load.LoadReport;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench pipeline}: the whole platform on this machine, every stage a process of its own as
 * in production (Kafka broker, gateway, alerting, influxd; the storage and detection jobs on a
 * Flink MiniCluster in this JVM; a verifying receiver), under load from a thousand devices of a
 * load generator process.
 *
 * <p>Part 1, as fast as it goes: messages acknowledged per second, and end to end: acknowledged,
 * in InfluxDB, and consumed by the detection job (the time until both jobs have read everything
 * counts). Part 2, at a fixed offered rate: fire sensors outside the load report fires
 * several times a second, and each one's time from publish to webhook is a sample of the
 * sensor→webhook latency; every alert's latency ledger (docs/measurements.md) says which stage the
 * time went to. Both parts end with a CPU ledger: microseconds of CPU per message for each part
 * of the platform.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Sustained msg/s through gateway → Kafka → Flink → InfluxDB with detection on; sensor→webhook latency per stage and",
        "a CPU ledger at a fixed offered load. Ends with one JSON line."})
public final class PipelineBench implements Callable<Integer> {
  @Option(names = "--devices", defaultValue = "1000", description = "Load devices, one connection each (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(names = "--duration", defaultValue = "60", description = "Seconds measured in each part (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(names = "--rate", defaultValue = "10000", description = "Offered msg/s in part 2 (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--probes-per-second", defaultValue = "5",
      description = "Fire sensors reporting a fire each second in part 2 (default: ${DEFAULT-VALUE}).")
  int probesPerSecond;

  @Option(names = "--window", defaultValue = "20", description = "Unacknowledged messages per device in part 1 (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--payload-size", defaultValue = "200", description = "Payload bytes (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Option(names = "--skip-max", description = "Only part 2 (the offered rate).")
  boolean skipMax;

  @Option(names = "--profile", paramLabel = "DIR",
      description = "CPU profiles (async-profiler, collapsed stacks) of every process over part 2's measured stretch, into DIR.")
  Path profile;

  @Override
  public Integer call() throws Exception {
    if (devices < 1 || durationSeconds < 10 || rate <= 0 || probesPerSecond < 1) {
      throw new IllegalArgumentException("need --devices >= 1, --duration >= 10, --rate > 0 and --probes-per-second >= 1");
    }
    int probes = probesPerSecond * durationSeconds;
    int warmUpProbes = probesPerSecond * LoadProcess.WARM_UP_SECONDS;
    Path dir = Files.createTempDirectory("citywatch-bench-pipeline-");
    Map<String, Object> result = Bench.result("pipeline");
    result.put("devices", devices);
    try (ProcessRig rig = ProcessRig.start(new ProcessRig.Options(dir, 1, devices, warmUpProbes + probes, Duration.ofSeconds(10), Duration.ofSeconds(30)),
        System.out)) {
      URI target = URI.create(rig.gatewayUris()[0]);
      CpuLedger cpu = ledger(rig);
      InfluxCounters counters = new InfluxCounters(rig.influx().url());
      Thread.sleep(5_000); // let both jobs finish deploying
      if (!skipMax) maxPart(rig, target, cpu, counters, result);
      ratePart(rig, target, cpu, warmUpProbes, probes, result);
    } finally {
      dev.citywatch.testkit.Dirs.deleteTree(dir);
    }
    Bench.json(result);
    return 0;
  }

  /** Part 1: as fast as it goes; acknowledged and end-to-end throughput, and the CPU ledger per message. */
  private void maxPart(ProcessRig rig, URI target, CpuLedger cpu, InfluxCounters counters, Map<String, Object> result) throws Exception {
    Bench.step("part 1: %,d devices, QoS 1, %d unacknowledged each, as fast as it goes, %d s", devices, window, durationSeconds);
    long pointsBefore = counters.pointsWritten();
    LoadProcess load = LoadProcess.start(target, rig.inventoryFile(), devices, 0, window, payloadBytes, durationSeconds, false);
    cpu.process("load generator", load::handle);
    load.awaitMeasuring();
    CpuLedger.Snapshot before = cpu.snapshot();
    Thread.sleep(durationSeconds * 1000L);
    CpuLedger.Snapshot after = cpu.snapshot(); // while the load generator still lives: its CPU is read from its process
    LoadReport max = load.await();
    CatchUp caughtUp = awaitCatchUp(rig, counters);
    double settle = caughtUp.storageSeconds();
    long points = counters.pointsWritten() - pointsBefore;
    double endToEnd = max.acked() / (max.durationSeconds() + settle);
    Map<String, Object> ledger = CpuLedger.perMessage(before, after, max.acked());
    Bench.step("%s", String.format(Locale.ROOT, "part 1: %,.0f msg/s acknowledged (PUBACK p50 %.1f ms, p99 %.1f ms); InfluxDB took %,d "
        + "points; the storage job had fetched everything and InfluxDB taken the last point %.1f s after the load (the detection job "
        + "had fetched everything after %.1f s); end to end %,.0f msg/s. CPU per message while loaded (a job that falls behind shows "
        + "less than it costs):%n%s", max.throughput(), max.latency().p50(), max.latency().p99(), points, settle,
        caughtUp.detectionSeconds(), endToEnd, CpuLedger.table(ledger)));
    result.put("max_acked_msg_per_s", Math.round(max.throughput()));
    result.put("max_points_written", points);
    result.put("max_caught_up_s", round(settle));
    result.put("max_detection_caught_up_s", round(caughtUp.detectionSeconds()));
    result.put("max_end_to_end_msg_per_s", Math.round(endToEnd));
    result.put("max_puback_latency_ms", max.latency());
    result.put("max_cpu", ledger);
    Thread.sleep(5_000); // a breath between the parts
  }

  /** Seconds from the end of the load until the storage job was done (end to end) and until the detection job had fetched all. */
  private record CatchUp(double storageSeconds, double detectionSeconds) {}

  /**
   * Follows both jobs after the load: the storage job is done when it has fetched everything in
   * the telemetry topic and InfluxDB's count of points taken has not moved for 3 s (done at its
   * last move); the detection job when it has fetched everything.
   */
  private static CatchUp awaitCatchUp(ProcessRig rig, InfluxCounters counters) throws Exception {
    var topics = dev.citywatch.launcher.platform.PlatformTopics.standard();
    ConsumerLag lag = new ConsumerLag();
    long t0 = System.nanoTime();
    long lastReport = t0;
    long points = counters.pointsWritten();
    long pointsMoved = t0;
    double storageDone = -1;
    double detectionDone = -1;
    while (storageDone < 0 || detectionDone < 0) {
      if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(15)) throw new IllegalStateException("the jobs did not catch up within 15 minutes");
      Thread.sleep(250);
      long now = System.nanoTime();
      OptionalLong storage = lag.behind(topics.storageGroup(), topics.telemetry(), ProcessRig.PARTITIONS);
      OptionalLong detection = lag.behind(topics.detectionGroup(), topics.telemetry(), ProcessRig.PARTITIONS);
      long written = counters.pointsWritten();
      if (written != points) {
        points = written;
        pointsMoved = now;
      }
      if (detectionDone < 0 && detection.equals(OptionalLong.of(0))) detectionDone = (now - t0) / 1e9;
      if (storageDone < 0 && storage.equals(OptionalLong.of(0)) && now - pointsMoved > TimeUnit.SECONDS.toNanos(3)) {
        storageDone = (pointsMoved - t0) / 1e9;
      }
      if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
        lastReport = now;
        Bench.step("catching up: storage job %s records behind (InfluxDB took %,d points so far), detection job %s", behind(storage),
            points, behind(detection));
      }
    }
    return new CatchUp(storageDone, detectionDone);
  }

  private static String behind(OptionalLong lag) {
    return lag.isPresent() ? String.format(Locale.ROOT, "%,d", lag.getAsLong()) : "(not yet known)";
  }

  /**
   * Part 2: the offered rate, fire probes several a second, sensor→webhook per stage, the CPU ledger.
   * While the load warms up, other fire sensors raise alerts at the same pace, so that the alert path
   * (alerting's code, its connection to the receiver) is as warm as the telemetry path when the
   * measured probes start; the warm-up probes' latencies (first alerts after a start) are reported
   * apart.
   */
  private void ratePart(ProcessRig rig, URI target, CpuLedger cpu, int warmUpProbes, int probes, Map<String, Object> result)
      throws Exception {
    Bench.step("part 2: %,.0f msg/s offered by %,d devices for %d s; %d fire probes a second (%d in all, after %d in the warm-up)", rate,
        devices, durationSeconds, probesPerSecond, probes, warmUpProbes);
    try (FireProbes warmUp = FireProbes.connect(target, 1, warmUpProbes);
        FireProbes fire = FireProbes.connect(target, warmUpProbes + 1, probes)) {
      LoadProcess load = LoadProcess.start(target, rig.inventoryFile(), devices, rate, 100, payloadBytes, durationSeconds, true);
      cpu.process("load generator", load::handle);
      while (!load.sending()) Thread.sleep(50);
      long warmUpStart = System.nanoTime();
      fireUntil(warmUp, "warm-up probes", load::measuring);
      double jitCores = awaitQuietCompilers(cpu);
      load.go();
      load.awaitMeasuring();
      double warmUpSeconds = (System.nanoTime() - warmUpStart) / 1e9;
      if (profile != null) Profiles.start(profile, cpu.processes(), durationSeconds);
      CpuLedger.Snapshot before = cpu.snapshot();
      fireUntil(fire, "probes", () -> false);
      CpuLedger.Snapshot after = cpu.snapshot(); // while the load generator still lives
      LoadReport atRate = load.await();
      Map<String, Instant> published = fire.published();
      Histogram sensorToWebhook = new Histogram(3);
      Set<String> alertIds = awaitProbeAlerts(rig, published, sensorToWebhook, Duration.ofSeconds(60));
      Histogram cold = new Histogram(3);
      awaitProbeAlerts(rig, warmUp.published(), cold, Duration.ofSeconds(1));
      Bench.step("part 2: the %d warm-up probes (the first alerts after the start, not in the figures): p50 %d ms, max %d ms, %d missing",
          warmUp.published().size(), cold.getValueAtPercentile(50), cold.getMaxValue(), warmUp.published().size() - cold.getTotalCount());
      Thread.sleep(3_000); // the alerting service's delivery log is written in batches
      StageLatencies stages = StageLatencies.read(rig.influx().url(), ProcessRig.DATABASE, InventoryGenerator.PROBE_WEBHOOK, alertIds);
      Map<String, Object> ledger = CpuLedger.perMessage(before, after, atRate.acked());
      Bench.step("%s", String.format(Locale.ROOT, "part 2: %,.0f msg/s achieved of %,.0f offered (PUBACK p50 %.1f ms, p99 %.1f ms); "
              + "sensor→webhook over %d of %d probes: p50 %d ms, p99 %d ms, max %d ms. Where the time went (%d alert ledgers):%n%sCPU per "
              + "message:%n%s", atRate.throughput(), rate, atRate.latency().p50(), atRate.latency().p99(), sensorToWebhook.getTotalCount(),
          published.size(), sensorToWebhook.getValueAtPercentile(50), sensorToWebhook.getValueAtPercentile(99),
          sensorToWebhook.getMaxValue(), stages.steps(), stages.table() + stages.slowest(8), CpuLedger.table(ledger)));
      result.put("warm_up_s", round(warmUpSeconds));
      result.put("warm_up_jit_cores", Math.round(jitCores * 100) / 100.0);
      result.put("offered_msg_per_s", rate);
      result.put("achieved_msg_per_s", Math.round(atRate.throughput()));
      result.put("puback_latency_ms", atRate.latency());
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("probes", sensorToWebhook.getTotalCount());
      l.put("p50", sensorToWebhook.getValueAtPercentile(50));
      l.put("p99", sensorToWebhook.getValueAtPercentile(99));
      l.put("max", sensorToWebhook.getMaxValue());
      result.put("sensor_to_webhook_ms", l);
      result.put("probes_missing", published.size() - sensorToWebhook.getTotalCount());
      result.put("warm_up_probes_ms", Map.of("probes", cold.getTotalCount(), "p50", cold.getValueAtPercentile(50), "max",
          cold.getMaxValue()));
      result.put("stages_ms", stages.json());
      result.put("cpu", ledger);
      Map<String, Long> alerts = alertSteps(rig);
      Bench.step("alert steps the detection job raised in all, by kind: %s", alerts);
      result.put("alert_steps", alerts);
    }
  }

  /** Measuring starts once the JIT compilers of all processes together use less than this share of a core... */
  private static final double QUIET_JIT_CORES = 0.05;
  /** ...or after this long. */
  private static final Duration QUIET_WAIT_MAX = Duration.ofMinutes(5);

  /**
   * Warms up on until the processes have compiled their hot paths: the JIT compilers of all
   * processes together below {@value #QUIET_JIT_CORES} of a core over 10 s, or 5 minutes at most;
   * returns the last 10 s's share. A city's platform runs for weeks, so its steady state is what
   * part 2 measures: on two cores a JVM still compiling takes a tenth to a fifth of a core from
   * everyone else minutes after its start (CPU ledger; JFR: thousands of compilations a minute in
   * the Flink JVM's fifth minute). The first alerts after a start are reported apart.
   */
  private static double awaitQuietCompilers(CpuLedger cpu) throws InterruptedException {
    long start = System.nanoTime();
    CpuLedger.Snapshot last = cpu.snapshot();
    while (true) {
      Thread.sleep(10_000);
      CpuLedger.Snapshot now = cpu.snapshot();
      double cores = CpuLedger.jitCores(last, now);
      last = now;
      boolean timeUp = System.nanoTime() - start > QUIET_WAIT_MAX.toNanos();
      Bench.step("part 2: warm-up: the JIT compilers of all processes busy %.2f cores over the last 10 s (measuring once below %.2f)%s",
          cores, QUIET_JIT_CORES, timeUp && cores >= QUIET_JIT_CORES ? "; 5 minutes are up: measuring anyway" : "");
      if (cores < QUIET_JIT_CORES || timeUp) return cores;
    }
  }

  /** Fires {@code probes} at {@link #probesPerSecond} until each has fired or {@code stop} says so. */
  private void fireUntil(FireProbes probes, String label, java.util.function.BooleanSupplier stop) throws InterruptedException {
    long start = System.nanoTime();
    for (long n = 0; !stop.getAsBoolean() && probes.fireNext(); n++) {
      long due = start + (n + 1) * 1_000_000_000L / probesPerSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      if (n % (probesPerSecond * 10L) == 0) Bench.step("part 2: %d %s fired", n + 1, label);
    }
  }

  /** The parts of the ledger: every process of the rig, and in this JVM each Flink job's task threads and the receiver's. */
  private static CpuLedger ledger(ProcessRig rig) throws Exception {
    List<String> storage = rig.flink().taskNames(rig.storageJob());
    List<String> detection = rig.flink().taskNames(rig.detectionJob());
    return new CpuLedger()
        .process("gateway", () -> rig.primaryGateway().handle())
        .process("kafka broker", () -> rig.kafka().handle())
        .process("alerting", () -> rig.alerting().handle())
        .process("influxd", () -> rig.influx().handle())
        .threads("storage job (" + StorageJob.NAME + ")", thread -> ofTasks(thread, storage, "citywatch-storage"))
        .threads("detection job (" + DetectionJob.NAME + ")", thread -> ofTasks(thread, detection, "citywatch-detection"))
        .threads("receiver and probes (Vert.x)", thread -> thread.startsWith("vert.x-"));
  }

  /** A task thread ({@code "<task> (1/2)#0"}), its source's fetcher, or a Kafka client thread of the job's consumer group. */
  private static boolean ofTasks(String thread, List<String> tasks, String group) {
    if (thread.endsWith("| " + group) || thread.contains(group + "-")) return true;
    String name = thread.startsWith("Source Data Fetcher for ") ? thread.substring("Source Data Fetcher for ".length()) : thread;
    return tasks.stream().anyMatch(t -> name.startsWith(t + " ("));
  }

  /** Waits until each probe's FIRING step reached the receiver (or time runs out); records publish→receipt; returns their alert ids. */
  private static Set<String> awaitProbeAlerts(ProcessRig rig, Map<String, Instant> published, Histogram latency, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> seen = new LinkedHashMap<>();
    Set<String> ids = new HashSet<>();
    while (System.nanoTime() < deadline && seen.size() < published.size()) {
      for (ReceivedAlert r : rig.receiver().unique()) {
        if (!r.path().endsWith("/" + InventoryGenerator.PROBE_WEBHOOK)) continue;
        JsonNode a = WireJson.mapper().readTree(r.body()).path("alert");
        Instant sent = published.get(a.path("subject").asText());
        if (sent != null && "fire".equals(a.path("kind").asText()) && a.path("version").asLong() == 1
            && seen.putIfAbsent(a.path("subject").asText(), Duration.between(sent, r.receivedAt()).toMillis()) == null) {
          ids.add(a.path("id").asText());
        }
      }
      Thread.sleep(200);
    }
    seen.values().forEach(ms -> latency.recordValue(Math.max(0, ms)));
    return ids;
  }

  /** Alert steps in InfluxDB by kind: a load that raises alerts of its own would load alerting too. */
  private static Map<String, Long> alertSteps(ProcessRig rig) {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (org.influxdb.InfluxDB influx = org.influxdb.InfluxDBFactory.connect(rig.influx().url())) {
      var r = influx.query(new org.influxdb.dto.Query("SELECT count(\"version\") FROM \"rollup\".\"alerts\" GROUP BY \"kind\"",
          ProcessRig.DATABASE));
      if (r.getResults() != null && r.getResults().get(0).getSeries() != null) {
        r.getResults().get(0).getSeries().forEach(s -> out.put(s.getTags().get("kind"), ((Number) s.getValues().get(0).get(1)).longValue()));
      }
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
