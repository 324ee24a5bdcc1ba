package dev.citywatch.launcher.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citywatch.alerting.receiver.ReceivedAlert;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.launcher.InfluxCounters;
import dev.citywatch.launcher.platform.Platform;
import dev.citywatch.launcher.platform.PlatformSettings;
import dev.citywatch.launcher.platform.PlatformTopics;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.inventory.Tenant;
import dev.citywatch.sim.load.LoadDevice;
import dev.citywatch.sim.load.LoadOptions;
import dev.citywatch.sim.load.LoadReport;
import dev.citywatch.sim.load.LoadRun;
import dev.citywatch.sim.mqtt.PahoClient;
import dev.citywatch.testkit.KafkaProcess;
import dev.citywatch.testkit.LocalInflux;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench pipeline}: the whole platform on this machine (gateway, Kafka broker process, storage
 * and detection jobs, influxd, alerting, webhook receiver) under load from the MQTT load generator.
 * Part 1, as fast as it goes: messages acknowledged per second, points InfluxDB took per second,
 * and how long after the load the writes settle. Part 2, at a fixed offered load: once a second a
 * fire sensor outside the load reports a fire, and the time from its publish to its webhook at the
 * receiver is the sensor→webhook latency.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Sustained msg/s through gateway → Kafka → Flink → InfluxDB with detection on, and sensor→webhook latency at a "
        + "fixed offered load. Ends with one JSON line."})
public final class PipelineBench implements Callable<Integer> {
  @Option(names = "--connections", defaultValue = "100", description = "Load publishers (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--duration", defaultValue = "30", description = "Seconds of each part (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(names = "--rate", defaultValue = "10000", description = "Offered msg/s in the latency part (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(names = "--payload-size", defaultValue = "200", description = "Payload bytes (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    FleetCredentials keys = FleetCredentials.development();
    // Fire sensors are kept out of the load: they are the probes.
    int jsonDevices = (int) inventory.tenants().stream().flatMap(t -> t.devices().stream()).filter(d -> d.format() == PayloadFormat.JSON).count();
    List<LoadDevice> load = LoadDevice.pick(inventory, keys, jsonDevices, true).stream().filter(d -> d.device().kind() != SensorKind.FIRE)
        .limit(connections).toList();
    if (load.size() < connections) throw new IllegalArgumentException("the inventory has " + load.size() + " publishers besides fire sensors");
    List<Probe> probes = probes(inventory, load, keys);
    Path state = Files.createTempDirectory("citywatch-bench-pipeline-");
    Map<String, Object> result = Bench.result("pipeline");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    try (LocalInflux influxd = LocalInflux.start(state.resolve("influxdb")); KafkaProcess kafka = KafkaProcess.start()) {
      Bench.step("influxd at %s, Kafka at %s; starting the platform...", influxd.url(), kafka.bootstrapServers());
      PlatformSettings settings = new PlatformSettings(kafka.bootstrapServers(), influxd.url(), "citywatch", inventory,
          PlatformTopics.standard(), PlatformSettings.LOOPBACK, 0, 0, 0, 0, 0, true, state.resolve("flink"), quiet, "Exercise", 1,
          // A load publisher sends hundreds of messages a second, far above a field device's allowance.
          GatewayLimits.DEFAULT.withPublishRate(100_000, 100_000));
      try (Platform platform = Platform.start(settings, System.out)) {
        URI target = URI.create("tcp://127.0.0.1:" + platform.gateway().mqttPort());
        Thread.sleep(5_000); // let both jobs finish deploying

        Bench.step("part 1: %d publishers, QoS 1, as fast as it goes, %d s", connections, durationSeconds);
        InfluxCounters counters = new InfluxCounters(influxd.url());
        long pointsBefore = counters.pointsWritten();
        long t0 = System.nanoTime();
        LoadReport max = loadRun(target, load, 0);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        double settle = awaitWritesSettle(counters);
        long points = counters.pointsWritten() - pointsBefore;
        double endToEnd = max.acked() / (max.durationSeconds() + settle);
        Bench.step("%s", String.format(Locale.ROOT, "part 1: %,.0f msg/s acknowledged; InfluxDB took %,d points; writes settled %.1f s after "
            + "the load; end to end %,.0f msg/s", max.throughput(), points, settle, endToEnd));
        result.put("max_acked_msg_per_s", Math.round(max.throughput()));
        result.put("max_points_written", points);
        result.put("max_points_per_s", Math.round(points / (loadSeconds + settle)));
        result.put("max_settle_s", round(settle));
        result.put("max_end_to_end_msg_per_s", Math.round(endToEnd));
        result.put("max_puback_latency_ms", max.latency());

        Bench.step("part 2: %.0f msg/s offered for %d s, a fire probe every second", rate, durationSeconds);
        Map<String, Instant> published = new ConcurrentHashMap<>();
        Thread loader = new Thread(() -> {
          try {
            result.put("at_rate_load", loadRun(target, load, rate));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "bench-load");
        loader.start();
        Thread.sleep(8_000); // connect, ramp up and warm up as the load run does
        for (Probe p : probes.subList(0, Math.min(probes.size(), durationSeconds - 5))) {
          p.fire(target, published);
          Thread.sleep(1_000);
        }
        loader.join();
        Histogram latency = awaitProbeAlerts(platform, published, Duration.ofSeconds(60));
        LoadReport atRate = (LoadReport) result.get("at_rate_load");
        Bench.step("%s", String.format(Locale.ROOT, "part 2: %,.0f msg/s achieved of %,.0f offered; sensor→webhook over %d probes: p50 %d ms, "
                + "p99 %d ms, max %d ms", atRate.throughput(), rate, latency.getTotalCount(), latency.getValueAtPercentile(50),
            latency.getValueAtPercentile(99), latency.getMaxValue()));
        result.put("offered_msg_per_s", rate);
        result.put("achieved_msg_per_s", Math.round(atRate.throughput()));
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("probes", latency.getTotalCount());
        l.put("p50", latency.getValueAtPercentile(50));
        l.put("p99", latency.getValueAtPercentile(99));
        l.put("max", latency.getMaxValue());
        result.put("sensor_to_webhook_ms", l);
        result.put("probes_missing", published.size() - latency.getTotalCount());
      }
    } finally {
      dev.citywatch.testkit.Dirs.deleteTree(state);
    }
    Bench.json(result);
    return 0;
  }

  private LoadReport loadRun(URI target, List<LoadDevice> load, double offered) throws InterruptedException {
    int window = offered > 0 ? 100 : 10;
    LoadOptions options = new LoadOptions(target, connections, offered, window, 1, payloadBytes, Duration.ofSeconds(durationSeconds),
        Duration.ofSeconds(3), Duration.ofSeconds(5), true, 5, LoadOptions.ClientKind.PAHO, false);
    LoadReport report = new LoadRun(options, load, System.out).run();
    System.out.print(report.summary());
    return report;
  }

  /** Fire sensors speaking JSON that are not among the load's publishers, one probe each. */
  private static List<Probe> probes(Inventory inventory, List<LoadDevice> load, FleetCredentials keys) {
    Set<String> busy = new HashSet<>();
    load.forEach(d -> busy.add(d.tenant() + "/" + d.device().id()));
    List<Probe> out = new ArrayList<>();
    for (Tenant t : inventory.tenants()) {
      for (Device d : t.devices()) {
        if (d.kind() == SensorKind.FIRE && d.format() == PayloadFormat.JSON && !busy.contains(t.id() + "/" + d.id())) {
          out.add(new Probe(t.id(), d.id(), keys.password(t.id(), d.id())));
        }
      }
    }
    if (out.isEmpty()) throw new IllegalStateException("no JSON fire sensor is left outside the load's " + load.size() + " publishers");
    return out;
  }

  /** One fire sensor outside the load: connects, reports 150 °C once (the time of the publish is the start), disconnects. */
  private record Probe(String tenant, String device, char[] password) {
    void fire(URI target, Map<String, Instant> published) throws Exception {
      PahoClient client = new PahoClient(new PahoClient.Settings(target, "probe-" + device, true, device + "@" + tenant, password,
          null, null, false, 10, 0));
      client.connect().get(10, TimeUnit.SECONDS);
      try {
        Instant now = Instant.now();
        byte[] payload = ("{\"schema\":1,\"kind\":\"fire\",\"seq\":1,\"time\":" + now.toEpochMilli()
            + ",\"readings\":[{\"quantity\":\"temperature\",\"unit\":\"Cel\",\"value\":150.0}]}").getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.CompletableFuture<Void> acked = new java.util.concurrent.CompletableFuture<>();
        published.put(device, now);
        client.publish(dev.citywatch.model.Topics.telemetryTopic(tenant, device), payload, 1,
            e -> { if (e == null) acked.complete(null); else acked.completeExceptionally(e); });
        acked.get(10, TimeUnit.SECONDS);
      } finally {
        client.close();
      }
    }
  }

  private Histogram awaitProbeAlerts(Platform platform, Map<String, Instant> published, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Histogram h = new Histogram(3);
    Map<String, Long> seen = new LinkedHashMap<>();
    while (System.nanoTime() < deadline && seen.size() < published.size()) {
      for (ReceivedAlert r : platform.receiver().orElseThrow().unique()) {
        if (r.contentType() == null || !r.contentType().startsWith("application/json")) continue;
        JsonNode a = json.readTree(r.body()).path("alert");
        Instant sent = published.get(a.path("subject").asText());
        if (sent != null && "fire".equals(a.path("kind").asText()) && a.path("version").asLong() == 1) {
          seen.putIfAbsent(a.path("subject").asText(), Duration.between(sent, r.receivedAt()).toMillis());
        }
      }
      Thread.sleep(200);
    }
    seen.values().forEach(ms -> h.recordValue(Math.max(0, ms)));
    return h;
  }

  /** Waits until influxd's count of points taken has not moved for 3 s; returns the seconds it took. */
  private double awaitWritesSettle(InfluxCounters counters) throws Exception {
    long t0 = System.nanoTime();
    long last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(5)) {
      long now = counters.pointsWritten();
      if (now != last) {
        last = now;
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(3)) {
        return (stableSince - t0) / 1e9;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("InfluxDB writes did not settle within 5 minutes of the load");
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
