package dev.citywatch.launcher.bench;

import dev.citywatch.model.wire.WireJson;
import dev.citywatch.sim.load.LoadReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The load generator ({@code ./citywatch sim load}) as a process of its own, as field devices are
 * not part of the platform: its CPU is its own line of the ledger, and its garbage collector does
 * not pause the jobs. Vert.x event-loop client (a thousand connections on one thread), MQTT 3.1.1,
 * QoS 1, the load-test tenant's air-quality devices. Its progress lines are echoed with a prefix.
 */
final class LoadProcess {
  private final Process process;
  private final List<String> out = new ArrayList<>();
  private final Thread pump;

  private LoadProcess(Process process) {
    this.process = process;
    this.pump = new Thread(this::pump, "bench-load-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code connections} devices of {@code inventory}'s load-test tenant against {@code target}:
   * {@code rate} msg/s in all (0: as fast as each connection's {@code window} allows) for {@code seconds}.
   */
  static LoadProcess start(URI target, Path inventory, int connections, double rate, int window, int payloadBytes, int seconds,
                           boolean measureOnGo) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "dev.citywatch.launcher.CityWatchCli", "sim", "load",
        "--target", target.toString(), "--inventory", inventory.toString(), "--tenant", "loadtest", "--kind", "air_quality",
        "--client", "VERTX", "--mqtt-version", "3", "--connections", Integer.toString(connections), "--rate", Double.toString(rate),
        "--window", Integer.toString(window), "--payload-size", Integer.toString(payloadBytes), "--duration", Integer.toString(seconds),
        "--ramp-up", "5", "--warm-up", Integer.toString(WARM_UP_SECONDS)));
    if (measureOnGo) command.add("--measure-on-go");
    return new LoadProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /**
   * Seconds of load before the measured part: long enough for every process to have compiled its
   * hot paths (the JIT) and for the connect storm's password checks to be over.
   */
  static final int WARM_UP_SECONDS = 20;

  /** Tells a load generator started to measure on go that the processes are warm: it measures once steady. */
  void go() throws IOException {
    process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Waits until the load generator starts measuring (after connecting and warming up). */
  void awaitMeasuring() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      if (measuring()) return;
      Thread.sleep(50);
    }
    throw new IllegalStateException("the load generator did not start measuring within 5 minutes");
  }

  /** Whether the load generator has started measuring; throws if it ended before. */
  boolean measuring() {
    synchronized (out) {
      if (out.stream().anyMatch(l -> l.contains("measuring for"))) return true;
      if (!process.isAlive()) throw new IllegalStateException("the load generator ended before measuring:\n" + String.join("\n", out));
    }
    return false;
  }

  /** Whether the load generator has connected its devices and is sending (warming up or measuring). */
  boolean sending() {
    synchronized (out) {
      return out.stream().anyMatch(l -> l.contains("warm-up:") || l.contains("measuring for"));
    }
  }

  Optional<ProcessHandle> handle() {
    return process.isAlive() ? Optional.of(process.toHandle()) : Optional.empty();
  }

  /** Waits for the run to end; its report (the JSON line it ends with). */
  LoadReport await() throws InterruptedException, dev.citywatch.model.wire.WireFormatException {
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the load generator did not finish in 30 minutes");
    }
    pump.join(5_000);
    synchronized (out) {
      for (int i = out.size() - 1; i >= 0; i--) {
        if (out.get(i).startsWith("{")) return WireJson.read(out.get(i).getBytes(StandardCharsets.UTF_8), LoadReport.class);
      }
    }
    throw new IllegalStateException("the load generator ended (" + process.exitValue() + ") without a report:\n" + String.join("\n", out));
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (out) {
          out.add(line);
        }
        if (!line.startsWith("{")) System.out.println("[load] " + line);
      }
    } catch (IOException e) {
      // the process ended
    }
  }
}
