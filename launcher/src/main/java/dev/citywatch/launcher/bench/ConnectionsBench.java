package dev.citywatch.launcher.bench;

import dev.citywatch.launcher.platform.PlatformTopics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.inventory.InventoryGenerator;
import dev.citywatch.sim.load.LoadDevice;
import dev.citywatch.sim.load.LoadOptions;
import dev.citywatch.sim.load.LoadReport;
import dev.citywatch.sim.load.LoadRun;
import dev.citywatch.testkit.Dirs;
import dev.citywatch.testkit.KafkaProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench connections}: N idle MQTT connections held open against the gateway (a process of
 * its own, so its memory is its own) and against mosquitto, with the event-loop Vert.x client so
 * that the load generator does not need a thread per connection. Reports connects per second,
 * failures, and the server's resident memory (and, for the gateway, Java heap after a full GC) per
 * connection, measured as the difference from the same process before the connections.
 *
 * <p>Limits on this machine: each process may hold {@code ulimit -n} descriptors (20,000 here) and
 * one client address has the ephemeral port range (32768-60999: about 28,000) per server port.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
    description = {"Holds N idle connections to the gateway and to mosquitto; memory per connection and the connect storm.",
        "Ends with one JSON line."})
public final class ConnectionsBench implements Callable<Integer> {
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  @Option(names = "--connections", defaultValue = "10000", description = "Connections held (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--hold", defaultValue = "20", description = "Seconds the connections are held (default: ${DEFAULT-VALUE}).")
  int holdSeconds;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("citywatch-bench-connections-");
    Map<String, Object> result = Bench.result("connections");
    result.put("connections", connections);
    try {
      Bench.step("writing an inventory with %,d load-test devices (a password hash each: takes a while)...", connections);
      Path inventoryFile = dir.resolve("inventory.yaml");
      Files.writeString(inventoryFile, new InventoryGenerator(FleetCredentials.development()).generate(connections), StandardCharsets.UTF_8);
      Inventory inventory = InventoryLoader.load(inventoryFile);
      List<LoadDevice> devices = LoadDevice.pick(inventory, FleetCredentials.development(), connections, true);
      try (KafkaProcess kafka = KafkaProcess.start()) {
        PlatformTopics.standard().create(kafka.bootstrapServers(), 4);
        int mqtt = freePort();
        int ops = freePort();
        Process gateway = startGateway(kafka.bootstrapServers(), inventoryFile, mqtt, ops, dir.resolve("gateway.log"));
        try {
          awaitPort(mqtt, gateway);
          Bench.step("gateway (pid %d) on port %d", gateway.pid(), mqtt);
          result.put("citywatch", measure(gateway.pid(), URI.create("tcp://127.0.0.1:" + mqtt), devices, ops));
        } finally {
          gateway.destroy();
          gateway.waitFor(30, TimeUnit.SECONDS);
        }
      }
      try (Mosquitto broker = Mosquitto.start()) {
        Bench.step("mosquitto (pid %d) on port %d", broker.pid(), broker.port());
        result.put("mosquitto", measure(broker.pid(), URI.create("tcp://127.0.0.1:" + broker.port()), devices, -1));
      }
      result.put("mosquitto_version", Mosquitto.version());
      result.put("limits", Map.of("open_files_per_process", openFileLimit(), "ephemeral_ports", portRange()));
    } finally {
      Dirs.deleteTree(dir);
    }
    Bench.json(result);
    return 0;
  }

  /**
   * Holds the connections and samples the server while they are held: RSS every second (the
   * highest counts), and for the gateway, once its own gauge shows them all, heap after a full GC.
   */
  private Map<String, Object> measure(long pid, URI target, List<LoadDevice> devices, int opsPort) throws Exception {
    boolean gateway = opsPort > 0;
    long rssBefore = rssKb(pid);
    long heapBefore = gateway ? heapUsedKb(pid) : -1;
    LoadOptions options = new LoadOptions(target, connections, 0, 1, 1, 200, Duration.ofSeconds(holdSeconds), Duration.ZERO,
        Duration.ZERO, gateway, 3, LoadOptions.ClientKind.VERTX, true);
    AtomicReference<LoadReport> report = new AtomicReference<>();
    Thread storm = new Thread(() -> {
      try {
        report.set(new LoadRun(options, devices, System.out).run());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-storm");
    storm.start();
    long rssHeld = 0;
    long heapHeld = -1;
    while (storm.isAlive()) {
      storm.join(1_000);
      if (!storm.isAlive()) break;
      rssHeld = Math.max(rssHeld, rssKb(pid));
      if (gateway && heapHeld < 0 && gaugeConnections(opsPort) >= connections) heapHeld = heapUsedKb(pid);
    }
    LoadReport r = report.get();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connected", r.connected());
    out.put("connect_failures", r.connectFailures());
    out.put("connects_per_s", r.connectsPerSecond());
    out.put("rss_before_kb", rssBefore);
    out.put("rss_held_kb", rssHeld);
    out.put("rss_per_connection_bytes", r.connected() == 0 ? 0 : (rssHeld - rssBefore) * 1024 / r.connected());
    if (gateway) {
      out.put("heap_before_kb", heapBefore);
      out.put("heap_held_kb", heapHeld);
      out.put("heap_per_connection_bytes", r.connected() == 0 || heapHeld < 0 ? -1 : (heapHeld - heapBefore) * 1024 / r.connected());
    }
    Bench.step("%s", String.format(Locale.ROOT, "%s: %,d/%,d connected (%,.0f connects/s, %d failed); RSS %,d → %,d KB: %,d bytes per connection%s",
        target, r.connected(), connections, r.connectsPerSecond(), r.connectFailures(), rssBefore, rssHeld,
        out.get("rss_per_connection_bytes"), gateway ? String.format(Locale.ROOT, "; heap after GC %,d → %,d KB: %,d bytes per connection",
            heapBefore, heapHeld, out.get("heap_per_connection_bytes")) : ""));
    return out;
  }

  /** The gateway's own count of open connections, from its Prometheus endpoint. */
  private static double gaugeConnections(int opsPort) {
    try {
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + opsPort + "/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.body().lines().filter(l -> l.startsWith("citywatch_gateway_connections ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
          .findFirst().orElse(-1);
    } catch (Exception e) {
      return -1;
    }
  }

  private static Process startGateway(String kafka, Path inventory, int mqtt, int ops, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", System.getProperty("java.class.path"), "dev.citywatch.ingestion.Gateway"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("CITYWATCH_KAFKA_BOOTSTRAP", kafka, "CITYWATCH_INVENTORY", inventory.toString(),
        "CITYWATCH_MQTT_PORT", Integer.toString(mqtt), "CITYWATCH_OPS_PORT", Integer.toString(ops)));
    return pb.start();
  }

  private static void awaitPort(int port, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IOException("the gateway exited with " + process.exitValue());
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IOException("the gateway did not listen on " + port + " within 60 s");
  }

  /** Resident set size of a process, from /proc. */
  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
    }
    return -1;
  }

  /** Java heap in use after a full GC, by jcmd. */
  private static long heapUsedKb(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    run(jcmd.toString(), Long.toString(pid), "GC.run");
    String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String openFileLimit() {
    try {
      return run("sh", "-c", "ulimit -n").strip();
    } catch (Exception e) {
      return "?";
    }
  }

  private static String portRange() {
    try {
      return String.join("", Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))).strip().replaceAll("\\s+", "-");
    } catch (IOException e) {
      return "?";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
