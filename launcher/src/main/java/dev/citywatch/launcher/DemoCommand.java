package dev.citywatch.launcher;

import dev.citywatch.launcher.platform.Platform;
import dev.citywatch.launcher.platform.PlatformSettings;
import dev.citywatch.launcher.platform.PlatformTopics;
import dev.citywatch.launcher.platform.Stopper;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.fleet.Fleet;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.world.World;
import dev.citywatch.testkit.Dirs;
import dev.citywatch.testkit.KafkaProcess;
import dev.citywatch.testkit.LocalInflux;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import picocli.CommandLine.Option;

/**
 * The whole city on this machine: Kafka and influxd as processes, then the {@link Platform}
 * (gateway, storage and detection jobs, alerting, webhook receiver), then the simulated Wonju fleet
 * playing a scenario; a live status panel; Ctrl-C stops everything in reverse order.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs CityWatch on this machine: Kafka (KRaft), influxd, the MQTT gateway, the Flink storage and detection "
        + "jobs, the alerting service, a webhook receiver that prints each alert, and the simulated Wonju fleet.",
        "Data stays in --data-dir: a second run carries on from it (the jobs from their savepoints); --clean starts afresh."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--scenario", defaultValue = "tour",
      description = "Scenario the simulated fleet plays (see './citywatch sim list-scenarios'; default: ${DEFAULT-VALUE}, "
          + "a rush hour, a crash, a flash flood and an earthquake in about 10 minutes).")
  String scenario;

  @Option(names = "--speed", defaultValue = "60", description = "Simulated seconds per second (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-simulator", description = "Start only the platform, for real devices.")
  boolean noSimulator;

  @Option(names = "--clean", description = "Delete the data of earlier runs (Kafka, InfluxDB, Flink state) first.")
  boolean clean;

  @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port; its controller uses the next one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(names = "--influx-port", defaultValue = "8086", description = "InfluxDB HTTP port (default: ${DEFAULT-VALUE}).")
  int influxPort;

  @Option(names = "--ops-port", defaultValue = "8080",
      description = "Gateway health and Prometheus metrics port (default: ${DEFAULT-VALUE}).")
  int opsPort;

  @Option(names = "--flink-ui-port", defaultValue = "8081", description = "Flink web UI port (default: ${DEFAULT-VALUE}).")
  int flinkPort;

  @Option(names = "--alerting-port", defaultValue = "8082",
      description = "Alerting console, ack API and metrics port (default: ${DEFAULT-VALUE}).")
  int alertingPort;

  @Option(names = "--receiver-port", defaultValue = "8090", description = "Webhook receiver port (default: ${DEFAULT-VALUE}).")
  int receiverPort;

  @Option(names = "--no-receiver", description = "Start no webhook receiver: every subscription is still sent to "
      + "http://127.0.0.1:<receiver-port>/, where a receiver of your own can listen (docs/webhooks.md).")
  boolean noReceiver;

  @Option(names = "--bind", defaultValue = PlatformSettings.LOOPBACK, description = "Address the MQTT, gateway, Flink UI, alerting and "
      + "receiver ports listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface). "
      + "Kafka and InfluxDB always stay on 127.0.0.1.")
  String bind;

  @Option(names = "--data-dir", defaultValue = "var", description = "Where data and logs go (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--database", defaultValue = "citywatch", description = "InfluxDB database (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(names = "--inventory", description = "Inventory file (default: the committed inventory/gangwon.yaml).")
  Path inventoryFile;

  private final PrintStream out = System.out;
  private final Stopper stopper = new Stopper(out);

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stopAll = () -> {
      if (stopping.getAndSet(true)) return;
      out.printf("%nstopping...%n");
      stopper.stopAll();
      stopped.countDown();
    };
    // Ctrl-C and SIGTERM stop everything before the JVM begins to shut down: Flink's own shutdown
    // hooks would otherwise tear tasks down while the jobs' final savepoints are being taken.
    for (String signal : List.of("INT", "TERM")) {
      SignalHandler before = Signal.handle(new Signal(signal), s -> new Thread(stopAll, "citywatch-demo-stop").start());
      if (before == SignalHandler.SIG_IGN) {
        // Started in the background by a script: the shell set SIGINT to "ignore", and the JVM
        // cannot take it back (./citywatch resets it before starting Java; a hand-made command may not).
        out.printf("[demo] warning: SIG%s is ignored by this process, as for a background job of a script: it will not stop "
            + "the demo; use kill -TERM %d (./citywatch demo resets it)%n", signal, ProcessHandle.current().pid());
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(stopAll, "citywatch-demo-stop-hook")); // System.exit, a failed start
    try {
      run();
    } catch (Exception e) {
      System.err.println("demo failed to start: " + e.getMessage());
      return 1; // System.exit runs the shutdown hook, which stops what did start
    }
    stopped.await();
    return 0;
  }

  private void run() throws Exception {
    if (speed <= 0) throw new IllegalArgumentException("--speed must be > 0, got " + speed);
    if (clean) {
      for (String d : List.of("kafka", "influxdb", "flink")) Dirs.deleteTree(dataDir.resolve(d));
      step("--clean: deleted the Kafka, InfluxDB and Flink data in %s", dataDir);
    }
    Files.createDirectories(dataDir);
    Inventory inventory = InventoryLoader.loadOrDefault(Optional.ofNullable(inventoryFile));
    Scenario played = noSimulator ? null : placed(ScenarioLoader.load(scenario, inventory));
    step("inventory: %d devices in %d tenants", inventory.deviceCount(), inventory.tenants().size());

    LocalInflux influx = LocalInflux.start(dataDir.resolve("influxdb"), influxPort);
    stopper.add("influxd", influx::close);
    step("influxd at %s (data in %s)", influx.url(), dataDir.resolve("influxdb"));
    KafkaProcess kafka = KafkaProcess.startIn(dataDir.resolve("kafka"), kafkaPort, kafkaPort + 1);
    stopper.add("Kafka", kafka::stop);
    step("Kafka (KRaft, own process) at %s (data in %s)", kafka.bootstrapServers(), dataDir.resolve("kafka"));

    LineBuffer receiverLines = new LineBuffer(12, this::echoInLog);
    double timeScale = noSimulator ? 1 : Math.max(1, speed); // real devices' clocks run at 1x
    Platform platform = Platform.start(new PlatformSettings(kafka.bootstrapServers(), influx.url(), database, inventory,
        PlatformTopics.standard(), bind, mqttPort, opsPort, flinkPort, alertingPort, receiverPort, !noReceiver, dataDir.resolve("flink"),
        receiverLines.printStream(), "Exercise", timeScale, PlatformSettings.limitsFor(timeScale)), out);
    stopper.add("platform", platform::close);

    AtomicReference<String> simStatus = new AtomicReference<>(noSimulator ? "off (--no-simulator)" : "starting");
    List<String> header = endpoints(platform, kafka, influx);
    header.forEach(out::println);
    if (played != null) startFleet(inventory, played, platform.gateway().mqttPort(), simStatus);

    StatusPanel status = new StatusPanel(platform, influx.url(), header, receiverLines, simStatus::get, out);
    stopper.add("status panel", status::close);
    status.start();
  }

  /** The scenario on the latest day that keeps its readings in the past while it plays ({@link Scenario#onLatestDayEndingBy}). */
  private Scenario placed(Scenario s) {
    Duration wall = Duration.ofMillis((long) (s.duration().toMillis() / speed));
    Scenario moved = s.onLatestDayEndingBy(Instant.now().plus(wall));
    step("scenario %s plays %s to %s (KST), %s of simulated time in %s at %sx", moved.name(),
        KST.format(moved.start()), KST.format(moved.end()), moved.duration(), wall.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        speed);
    return moved;
  }

  private static final DateTimeFormatter KST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Seoul"));

  private void startFleet(Inventory inventory, Scenario played, int port, AtomicReference<String> status) {
    AtomicReference<String> progress = new AtomicReference<>("connecting");
    AtomicReference<String> failures = new AtomicReference<>("");
    LineBuffer fleetLines = new LineBuffer(1, line -> {
      String text = line.replaceFirst("^\\[sim\\] ", "");
      (text.startsWith("failures") ? failures : progress).set(text);
      status.set(progress.get() + (failures.get().isEmpty() ? "" : " | " + failures.get()));
      echoInLog(line);
    });
    Fleet fleet = new Fleet(new World(inventory, played, seed), seed, URI.create("tcp://127.0.0.1:" + port),
        FleetCredentials.development(), speed, 0.2, fleetLines.printStream());
    Thread thread = new Thread(() -> {
      try {
        var report = fleet.run("(none: see ./citywatch sim truth)");
        status.set("finished: " + report.json());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "citywatch-fleet");
    thread.start();
    stopper.add("simulated fleet", () -> {
      fleet.stop();
      thread.join(120_000);
    });
    step("simulated fleet: scenario %s (%s of simulated time at %sx, seed %d) for tenant %s", played.name(), played.duration(),
        speed, seed, played.tenant());
  }

  private List<String> endpoints(Platform platform, KafkaProcess kafka, LocalInflux influx) {
    int mqtt = platform.gateway().mqttPort();
    String device = "wonju-aq-001";
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("CityWatch is running. Endpoints:");
    lines.add("  MQTT      tcp://127.0.0.1:" + mqtt + "   (user deviceId@tenant, topic citywatch/{tenant}/{deviceId}/telemetry)");
    lines.add("  Kafka     " + kafka.bootstrapServers());
    lines.add("  InfluxDB  " + influx.url() + "   database " + database);
    lines.add("  Flink UI  http://127.0.0.1:" + flinkPort);
    lines.add("  Gateway   http://127.0.0.1:" + platform.gateway().opsPort() + "/health/ready   http://127.0.0.1:"
        + platform.gateway().opsPort() + "/metrics (Prometheus)");
    lines.add("  Alerting  http://127.0.0.1:" + platform.alerting().port() + "/console/   http://127.0.0.1:"
        + platform.alerting().port() + "/metrics (Prometheus)");
    lines.add("  Receiver  http://127.0.0.1:" + receiverPort + "/ (every webhook subscription of the inventory points here"
        + (noReceiver ? "; --no-receiver: yours)" : ")"));
    lines.add("  Listening on " + (bind.equals(PlatformSettings.LOOPBACK) ? "127.0.0.1 only (this machine; --bind 0.0.0.0 opens the network)"
        : bind + " (--bind); Kafka and InfluxDB on 127.0.0.1 only"));
    lines.add("  Logs      " + dataDir.resolve("logs").toAbsolutePath());
    lines.add("Dashboards (where Docker runs): docker run --rm --network host -e CITYWATCH_INFLUX_URL=" + influx.url()
        + " -e CITYWATCH_INFLUX_DB=" + database + " -v \"$PWD/dashboards/provisioning:/etc/grafana/provisioning:ro\""
        + " -v \"$PWD/dashboards/grafana:/var/lib/grafana/dashboards/citywatch:ro\" grafana/grafana:12.1.1  → http://127.0.0.1:3000");
    // The password is derived on the user's command line, never printed: the console is a log too.
    lines.add("A reading of your own: mosquitto_pub -p " + mqtt + " -q 1 -u " + device + "@wonju -P \"$(./citywatch sim password "
        + device + "@wonju)\" -t citywatch/wonju/" + device + "/telemetry \\");
    lines.add("    -m '{\"schema\":1,\"kind\":\"air_quality\",\"seq\":1,\"time\":'$(date +%s%3N)',\"readings\":[{\"quantity\":\"pm10\",\"unit\":\"ug/m3\",\"value\":87}]}'");
    lines.add("Console token and webhook signing secrets (never printed here): ./citywatch demo-credentials");
    lines.add("Ctrl-C stops everything.");
    lines.add("");
    return lines;
  }

  /** Without a terminal (a log, a test) there is no panel to show lines in: print them as they come. */
  private void echoInLog(String line) {
    if (System.console() == null) out.println(line);
  }

  private void step(String format, Object... args) {
    out.printf("[demo] " + format + "%n", args);
  }
}
