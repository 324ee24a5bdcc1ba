package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.auth.FleetCredentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code citywatch demo} as its own process, as a user would: the simulated tour reaches the
 * webhook receiver with a first alert within 3 minutes of start, a {@code mosquitto_pub} reading
 * reaches InfluxDB, SIGINT (Ctrl-C) stops everything in order leaving no process, and a second
 * run on the same data directory carries on from the jobs' savepoints with the data still there.
 * The second run is started as a script starts a background job, through {@code ./citywatch} with
 * SIGINT ignored, and must still stop on SIGINT.
 */
class DemoCommandIT {
  @TempDir
  Path dataDir;

  @Test
  void demoDeliversAFirstAlertWithinThreeMinutesTakesAReadingStopsInOrderAndASecondRunCarriesOn() throws Exception {
    Ports ports = new Ports();
    String query = "SELECT temperature FROM fire WHERE device = 'wonju-fr-001' AND seq = 900001";
    long started = System.nanoTime();
    Demo first = Demo.start(dataDir, ports, "--speed", "60");
    List<ProcessHandle> children;
    try {
      first.awaitLine("Ctrl-C stops everything", Duration.ofSeconds(150));
      assertThat(first.text()).contains("MQTT      tcp://127.0.0.1:" + ports.mqtt, "InfluxDB  http://127.0.0.1:" + ports.influx,
          "Flink UI  http://127.0.0.1:" + ports.flink, "Receiver  http://127.0.0.1:" + ports.receiver,
          "Alerting  http://127.0.0.1:" + ports.alerting + "/console/", "docker run", "./citywatch demo-credentials",
          "Listening on 127.0.0.1 only");
      for (int port : new int[] {ports.mqtt, ports.ops, ports.flink, ports.alerting, ports.receiver, ports.kafka, ports.influx}) {
        assertThat(listeners(port)).as("addresses listening on port %d", port).isNotEmpty()
            .allMatch(a -> a.equals("127.0.0.1") || a.equals("::1"));
      }
      children = first.process.descendants().toList();
      assertThat(children).extracting(p -> p.info().command().orElse("")).anyMatch(c -> c.endsWith("influxd"))
          .anyMatch(c -> c.endsWith("java")); // the Kafka broker

      String alert = first.awaitLine("[receiver] FIRING", Duration.ofMinutes(3).minusNanos(System.nanoTime() - started));
      long firstAlert = (System.nanoTime() - started) / 1_000_000_000;
      System.out.printf("[demo-it] first alert at the receiver %d s after start: %s%n", firstAlert, alert);
      assertThat(firstAlert).isLessThan(180);

      long now = Instant.now().toEpochMilli();
      String password = new String(FleetCredentials.development().password("wonju", "wonju-fr-001"));
      Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(ports.mqtt), "-q", "1",
          "-u", "wonju-fr-001@wonju", "-P", password, "-t", "citywatch/wonju/wonju-fr-001/telemetry",
          "-m", "{\"schema\":1,\"kind\":\"fire\",\"seq\":900001,\"time\":" + now
              + ",\"readings\":[{\"quantity\":\"temperature\",\"unit\":\"Cel\",\"value\":23.5}]}")
          .redirectErrorStream(true).start();
      assertThat(pub.waitFor(90, TimeUnit.SECONDS)).as("mosquitto_pub acked; demo output:%n%s", first.text()).isTrue();
      assertThat(pub.exitValue()).isZero();
      awaitPoint(ports.influx, query, "23.5");
      first.awaitLine("[status] open alerts", Duration.ofSeconds(30));

      first.interrupt();
      assertThat(first.process.waitFor(180, TimeUnit.SECONDS)).as("demo exits on SIGINT; the end of its output:%n%s", first.tail(40))
          .isTrue();
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
        assertThat(child.isAlive()).as("child %s", child.info().command()).isFalse();
      }
      first.reader.join(5_000);
      List<Integer> stopOrder = Stream.of("simulated fleet", "gateway", "Flink job citywatch-detection (savepoint)",
              "Flink job citywatch-storage (savepoint)", "Flink", "alerting", "Kafka", "influxd")
          .map(what -> first.lines.indexOf(first.lines.stream().filter(l -> l.startsWith("  stopped " + what + " (")).findFirst()
              .orElseThrow(() -> new AssertionError("no 'stopped " + what + "' line in:\n" + first.text()))))
          .toList();
      assertThat(stopOrder).as("stop order: fleet, gateway, jobs with savepoints, Flink, alerting, Kafka, influxd").isSorted();
    } finally {
      first.kill();
    }

    Demo second = Demo.startAsBackgroundJob(dataDir, ports, "--no-simulator");
    try {
      second.awaitLine("Ctrl-C stops everything", Duration.ofSeconds(150));
      assertThat(second.lines).as("./citywatch gave the JVM its SIGINT back").noneMatch(l -> l.contains("SIGINT is ignored"));
      assertThat(second.lines).anyMatch(l -> l.startsWith("[platform] Flink job citywatch-storage") && l.contains("carried on from savepoint-"))
          .anyMatch(l -> l.startsWith("[platform] Flink job citywatch-detection") && l.contains("carried on from savepoint-"));
      awaitPoint(ports.influx, query, "23.5"); // InfluxDB kept what the first run stored
      second.interrupt();
      assertThat(second.process.waitFor(120, TimeUnit.SECONDS)).as("second demo, started with SIGINT ignored, exits on SIGINT")
          .isTrue();
    } finally {
      second.kill();
    }
    assertThat(Files.exists(dataDir.resolve("logs/citywatch.log"))).isTrue();
    LogSecrets secrets = new LogSecrets();
    assertThat(secrets.leaks(List.of(dataDir), java.util.Map.of("first run's console", first.text(), "second run's console",
        second.text()))).as("secrets of the inventory (%d) in the logs and console output of both runs", secrets.count()).isEmpty();
  }

  /** Free ports for one demo; Kafka's controller takes the port after the broker's. */
  private static final class Ports {
    final int mqtt = freePort();
    final int influx = freePort();
    final int flink = freePort();
    final int ops = freePort();
    final int alerting = freePort();
    final int receiver = freePort();
    final int kafka = freePairStart();
  }

  /** A demo process and the lines it printed. */
  private record Demo(Process process, List<String> lines, Thread reader) {
    /**
     * The launcher's JVM started directly, with SIGINT and SIGTERM at their defaults as a terminal
     * gives them: a test run started in the background of a script ({@code ./citywatch test &})
     * leaves SIGINT ignored, and a JVM started so never sees the test's {@code kill -INT}.
     */
    static Demo start(Path dataDir, Ports p, String... extra) throws IOException {
      List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM",
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Dcitywatch.log.dir=" + dataDir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
          CityWatchCli.class.getName()));
      command.addAll(arguments(dataDir, p, extra));
      return run(new ProcessBuilder(command));
    }

    /**
     * Through {@code ./citywatch demo}, with SIGINT ignored as a non-interactive shell leaves it for
     * a job it starts in the background ({@code ./citywatch demo &} in a script).
     */
    static Demo startAsBackgroundJob(Path dataDir, Ports p, String... extra) throws IOException {
      Path root = Path.of("..").toAbsolutePath().normalize();
      List<String> command = new ArrayList<>(List.of("bash", "-c", "trap '' INT; exec \"$0\" \"$@\"", root.resolve("citywatch").toString()));
      command.addAll(arguments(dataDir, p, extra));
      ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
      builder.environment().put("CITYWATCH_LOG_DIR", dataDir.resolve("logs").toString());
      return run(builder);
    }

    private static List<String> arguments(Path dataDir, Ports p, String... extra) {
      List<String> command = new ArrayList<>(List.of(
          "demo", "--mqtt-port", Integer.toString(p.mqtt), "--influx-port", Integer.toString(p.influx),
          "--flink-ui-port", Integer.toString(p.flink), "--ops-port", Integer.toString(p.ops), "--kafka-port", Integer.toString(p.kafka),
          "--alerting-port", Integer.toString(p.alerting), "--receiver-port", Integer.toString(p.receiver),
          "--data-dir", dataDir.toString()));
      command.addAll(List.of(extra));
      return command;
    }

    private static Demo run(ProcessBuilder builder) throws IOException {
      Process process = builder.redirectErrorStream(true).start();
      List<String> lines = new CopyOnWriteArrayList<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = in.readLine()) != null; ) lines.add(line);
        } catch (IOException ignored) {
          // the process ended
        }
      });
      reader.start();
      return new Demo(process, lines, reader);
    }

    String awaitLine(String text, Duration timeout) throws InterruptedException {
      return DemoCommandIT.awaitLine(lines, text, timeout);
    }

    String text() {
      return String.join("\n", lines);
    }

    String tail(int n) {
      List<String> copy = List.copyOf(lines);
      return String.join("\n", copy.subList(Math.max(0, copy.size() - n), copy.size()));
    }

    void interrupt() throws Exception {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
    }

    void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static String awaitLine(List<String> output, String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      var found = output.stream().filter(l -> l.contains(text)).findFirst();
      if (found.isPresent()) return found.get();
      Thread.sleep(200);
    }
    throw new AssertionError("no line containing '" + text + "' within " + timeout + "; output:\n" + String.join("\n", output));
  }

  private static void awaitPoint(int port, String query, String expected) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + "/query?db=citywatch&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    String body = "";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
      if (body.contains(expected)) return;
      Thread.sleep(250);
    }
    throw new AssertionError("InfluxDB never answered '" + query + "' with " + expected + "; last answer: " + body);
  }

  /** The local addresses on which some process listens on TCP {@code port}, read from /proc/net/tcp and tcp6. */
  private static List<String> listeners(int port) throws IOException {
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table)); // read once: the table changes as sockets come and go
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        String[] local = f[1].split(":");
        if (!f[3].equals("0A") || Integer.parseInt(local[1], 16) != port) continue; // 0A: LISTEN
        byte[] raw = java.util.HexFormat.of().parseHex(local[0]);
        byte[] address = new byte[raw.length];
        for (int i = 0; i < raw.length; i += 4) { // each 32-bit word is in host (little-endian) order
          for (int j = 0; j < 4; j++) address[i + j] = raw[i + 3 - j];
        }
        java.net.InetAddress a = java.net.InetAddress.getByAddress(address);
        out.add(a.isLoopbackAddress() && a instanceof java.net.Inet6Address ? "::1" : a.getHostAddress());
      }
    }
    return out;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free port whose successor is free too. */
  private static int freePairStart() {
    for (int i = 0; i < 50; i++) {
      int p = freePort();
      try (ServerSocket next = new ServerSocket(p + 1)) {
        return p;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no two consecutive free ports found");
  }
}
