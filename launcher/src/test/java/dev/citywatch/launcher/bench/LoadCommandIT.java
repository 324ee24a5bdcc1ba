package dev.citywatch.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.ingestion.Gateway;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.sim.load.LoadCommand;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.io.PipedOutputStream;
import java.io.PipedInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sim load} against the real gateway and against a real mosquitto, each ending with its JSON line. */
@RealServers
class LoadCommandIT {
  @Test
  void loadAgainstTheGatewayIsAckedAfterKafkaAndEndsWithAJsonLine(KafkaEndpoint kafka) throws Exception {
    String topic = Names.unique("telemetry");
    KafkaTopics.create(kafka, 2, topic, topic + "_dlq", topic + "_status");
    Vertx vertx = Vertx.vertx();
    GatewayLimits limits = new GatewayLimits(1_000, 10_000, 10, 5, Duration.ofMinutes(1));
    GatewayConfig config = new GatewayConfig("gw-load", "127.0.0.1", 0,
        new GatewayConfig.KafkaSettings(kafka.bootstrapServers(), topic, topic + "_dlq", topic + "_status", Map.of()),
        DecodeLimits.DEFAULT, limits, -1);
    Gateway gateway = Gateway.start(vertx, config, InventoryLoader.loadDefault(), Clock.systemUTC()).await(30, TimeUnit.SECONDS);
    try {
      JsonNode report = load("--target", "tcp://127.0.0.1:" + gateway.mqttPort(), "--connections", "5", "--duration", "2",
          "--ramp-up", "1", "--warm-up", "1", "--qos", "1");
      assertThat(report.get("client").asText()).isEqualTo("paho-mqttv5");
      assertThat(report.get("connected").asInt()).isEqualTo(5);
      assertThat(report.get("acked").asLong()).isPositive();
      assertThat(report.get("errors").asLong()).isZero();
      assertThat(report.get("latency_ms").get("p99").asDouble()).isPositive();
      long stored = KafkaTopics.readAll(kafka, topic, Duration.ofSeconds(1)).size();
      assertThat(stored).as("every acked message is in Kafka").isGreaterThanOrEqualTo(report.get("acked").asLong());
    } finally {
      gateway.stop().await(30, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theSameLoadRunsUnchangedAgainstMosquitto() throws Exception {
    try (Mosquitto broker = Mosquitto.start()) {
      JsonNode report = load("--target", "tcp://127.0.0.1:" + broker.port(), "--no-auth", "--connections", "5", "--duration", "2",
          "--ramp-up", "1", "--warm-up", "1", "--mqtt-version", "3");
      assertThat(report.get("client").asText()).isEqualTo("paho-mqttv311");
      assertThat(report.get("acked").asLong()).isPositive();
      assertThat(report.get("errors").asLong()).isZero();

      JsonNode vertxReport = load("--target", "tcp://127.0.0.1:" + broker.port(), "--no-auth", "--connections", "50", "--duration", "2",
          "--ramp-up", "1", "--warm-up", "1", "--mqtt-version", "3", "--client", "VERTX");
      assertThat(vertxReport.get("client").asText()).isEqualTo("vertx-mqttv311");
      assertThat(vertxReport.get("connected").asInt()).isEqualTo(50);
      assertThat(vertxReport.get("acked").asLong()).isPositive();

      JsonNode storm = load("--target", "tcp://127.0.0.1:" + broker.port(), "--no-auth", "--connections", "300", "--duration", "1",
          "--mqtt-version", "3", "--client", "VERTX", "--connect-storm");
      assertThat(storm.get("bench").asText()).isEqualTo("connect-storm");
      assertThat(storm.get("connected").asInt()).isEqualTo(300);
      assertThat(storm.get("connect_failures").asInt()).isZero();
      assertThat(storm.get("connects_per_s").asDouble()).isPositive();
      assertThat(storm.get("sent").asLong()).isZero();
    }
  }

  @Test
  void withMeasureOnGoItWarmsUpUntilToldAndThenMeasures() throws Exception {
    try (Mosquitto broker = Mosquitto.start()) {
      PipedOutputStream toLoad = new PipedOutputStream();
      InputStream stdin = System.in;
      PrintStream stderr = System.err;
      ByteArrayOutputStream progress = new ByteArrayOutputStream();
      System.setIn(new PipedInputStream(toLoad));
      System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
      try {
        CompletableFuture<JsonNode> report = CompletableFuture.supplyAsync(() -> {
          try {
            return load("--target", "tcp://127.0.0.1:" + broker.port(), "--no-auth", "--connections", "5", "--rate", "50",
                "--duration", "1", "--ramp-up", "1", "--warm-up", "1", "--mqtt-version", "3", "--client", "VERTX", "--measure-on-go");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!progress.toString(StandardCharsets.UTF_8).contains("warm-up until told to measure") && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        Thread.sleep(2_000);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("warm-up until told to measure").doesNotContain("measuring for");
        assertThat(report).isNotDone();
        toLoad.write("go\n".getBytes(StandardCharsets.UTF_8));
        toLoad.flush();
        JsonNode r = report.get(30, TimeUnit.SECONDS);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("measuring for 1 s");
        assertThat(r.get("acked").asLong()).isPositive();
      } finally {
        System.setIn(stdin);
        System.setErr(stderr);
        toLoad.close();
      }
    }
  }

  /** Runs {@code sim load} and parses the JSON line it ends with. */
  private static JsonNode load(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = new CommandLine(new LoadCommand()).execute(args);
    } finally {
      System.setOut(stdout);
    }
    String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertThat(exit).as(String.join("\n", lines)).isZero();
    return WireJson.mapper().readTree(lines[lines.length - 1]);
  }
}
