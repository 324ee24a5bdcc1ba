package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.auth.FleetCredentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code citywatch demo} as its own process, as a user would: it prints its endpoints, takes a
 * {@code mosquitto_pub} message into InfluxDB, and on SIGINT (Ctrl-C) stops, leaving no process.
 */
class DemoCommandIT {
  @TempDir
  Path dataDir;

  @Test
  void demoStartsTakesAMessageAndLeavesNoProcessAfterCtrlC() throws Exception {
    int mqtt = freePort();
    int influx = freePort();
    int flink = freePort();
    int ops = freePort();
    Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dcitywatch.log.dir=" + dataDir.resolve("logs"), "-cp", System.getProperty("java.class.path"),
        CityWatchCli.class.getName(), "demo", "--mqtt-port", Integer.toString(mqtt), "--influx-port", Integer.toString(influx),
        "--flink-ui-port", Integer.toString(flink), "--ops-port", Integer.toString(ops), "--data-dir", dataDir.toString())
        .redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) output.add(line);
      } catch (IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    try {
      awaitLine(output, "Ctrl-C stops everything", Duration.ofSeconds(120));
      assertThat(String.join("\n", output)).contains("MQTT      tcp://127.0.0.1:" + mqtt, "InfluxDB  http://127.0.0.1:" + influx,
          "Flink UI  http://127.0.0.1:" + flink);
      assertThat(output).anyMatch(l -> l.startsWith("[demo] Flink storage job"))
          .anyMatch(l -> l.startsWith("[demo] Flink detection job"));
      List<ProcessHandle> children = demo.descendants().toList();
      assertThat(children).extracting(p -> p.info().command().orElse("")).anyMatch(c -> c.endsWith("influxd"));

      long now = Instant.now().toEpochMilli();
      String password = new String(FleetCredentials.development().password("wonju", "wonju-fr-001"));
      Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(mqtt), "-q", "1",
          "-u", "wonju-fr-001@wonju", "-P", password, "-t", "citywatch/wonju/wonju-fr-001/telemetry",
          "-m", "{\"schema\":1,\"kind\":\"fire\",\"seq\":1,\"time\":" + now + ",\"readings\":[{\"quantity\":\"temperature\",\"unit\":\"Cel\",\"value\":23.5}]}")
          .redirectErrorStream(true).start();
      // The first PUBACK waits for the gateway's first Kafka write while both Flink jobs start on the
      // same two cores; under a full test run that has taken more than 20 s.
      long publishStarted = System.nanoTime();
      assertThat(pub.waitFor(90, TimeUnit.SECONDS)).as("mosquitto_pub acked; demo output:%n%s", String.join("\n", output)).isTrue();
      System.out.printf("[demo-it] first QoS 1 publish acked after %d ms%n", (System.nanoTime() - publishStarted) / 1_000_000);
      assertThat(pub.exitValue()).isZero();
      awaitPoint(influx, "SELECT temperature FROM fire WHERE device = 'wonju-fr-001'", "23.5");
      awaitLine(output, "[status] devices connected", Duration.ofSeconds(30));

      new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
      assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo exits on SIGINT").isTrue();
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
        assertThat(child.isAlive()).as("child %s", child.info().command()).isFalse();
      }
      reader.join(5_000);
      assertThat(output).contains("  stopped influxd", "  stopped Kafka", "  stopped gateway", "  stopped Flink");
    } finally {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
    assertThat(Files.exists(dataDir.resolve("logs/citywatch.log"))).isTrue();
  }

  private static void awaitLine(List<String> output, String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (output.stream().anyMatch(l -> l.contains(text))) return;
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
