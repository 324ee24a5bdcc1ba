package dev.citywatch.alerting;

import static dev.citywatch.alerting.TestEndpoint.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.alerting.TestEndpoint.Request;
import dev.citywatch.model.Alert;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting service as a process of its own, killed with SIGKILL while a delivery waits for its
 * retry: after a restart every alert reaches the receiver at least once, and exactly once after
 * deduplication by {@code Idempotency-Key}.
 */
@RealServers
class AlertingRestartIT {
  private static final String SECRET = "whsec_restart_it";

  @Test
  void killedWhileADeliveryWaitsForItsRetryTheRestartedServiceDeliversEveryAlert(KafkaEndpoint kafka, @TempDir Path dir)
      throws Exception {
    Vertx vertx = Vertx.vertx();
    boolean[] down = {true};
    String base = Names.unique("restart");
    String alertsTopic = base + ".alerts";
    KafkaTopics.create(kafka, 3, alertsTopic, base + ".alerts.dlq");
    try (TestEndpoint endpoint = TestEndpoint.start(vertx, SECRET, i -> status(down[0] ? 503 : 200));
         KafkaProducer<String, byte[]> producer = producer(kafka)) {
      Path inventory = dir.resolve("inventory.yaml");
      String committed = new String(getClass().getClassLoader().getResourceAsStream("citywatch/inventory/gangwon.yaml").readAllBytes(),
          StandardCharsets.UTF_8);
      Files.writeString(inventory, committed.replace("http://127.0.0.1:8090/hooks/", endpoint.url("/hooks/")));
      Map<String, String> env = new TreeMap<>();
      committed.lines().filter(l -> l.contains("secret_ref: env:")).map(l -> l.substring(l.indexOf("env:") + 4).strip())
          .forEach(name -> env.put(name, SECRET));
      env.putAll(Map.of("CITYWATCH_KAFKA_BOOTSTRAP", kafka.bootstrapServers(), "CITYWATCH_INVENTORY", inventory.toString(),
          "CITYWATCH_ALERTS_TOPIC", alertsTopic, "CITYWATCH_ALERTS_DLQ_TOPIC", base + ".alerts.dlq",
          "CITYWATCH_ALERTS_PENDING_TOPIC", base + ".alerts.pending", "CITYWATCH_ALERTING_GROUP", base + "-group",
          "CITYWATCH_ALERTING_PORT", "0", "CITYWATCH_RETRY_INITIAL", "3s", "CITYWATCH_RETRY_MAX", "3s"));

      Process first = start(env, dir.resolve("first.log"));
      Alert a = TestAlerts.firing("wonju", "wonju-rv-003", Instant.now());
      send(producer, alertsTopic, a);
      endpoint.await(r -> !r.isEmpty(), Duration.ofSeconds(30));
      Thread.sleep(300); // the failed attempt's retry schedule reaches the journal
      first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      int attemptsBeforeKill = endpoint.requests().size();

      Alert b = TestAlerts.firing("wonju", "wonju-rv-004", Instant.now());
      send(producer, alertsTopic, b);
      down[0] = false;
      Process second = start(env, dir.resolve("second.log"));
      try {
        List<Request> got = endpoint.await(r -> keysFrom(r, attemptsBeforeKill).containsAll(Set.of(key(a), key(b))),
            Duration.ofSeconds(60));
        assertThat(endpoint.requests().subList(0, attemptsBeforeKill)).extracting(r -> r.header("Idempotency-Key")).containsOnly(key(a));
        Map<String, Long> perKey = got.stream().filter(r -> r.index() >= attemptsBeforeKill)
            .collect(Collectors.groupingBy(r -> r.header("Idempotency-Key"), TreeMap::new, Collectors.counting()));
        System.out.printf("[restart-it] %d failed attempt(s) before SIGKILL; after restart: %s%n", attemptsBeforeKill, perKey);
        assertThat(perKey.keySet()).containsExactlyInAnyOrder(key(a), key(b));
        assertThat(got).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(dev.citywatch.alerting.webhook.Signature.Verdict.OK));
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Keys of the requests after the kill: all answered 200, since the endpoint was up by then. */
  private static Set<String> keysFrom(List<Request> requests, int from) {
    return requests.stream().skip(from).map(r -> r.header("Idempotency-Key")).collect(Collectors.toSet());
  }

  private static String key(Alert a) {
    return a.alertId() + ":" + a.version();
  }

  private static Process start(Map<String, String> env, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), AlertingMain.class.getName());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
              java.nio.file.StandardOpenOption.APPEND);
          if (line.startsWith("alerting ready")) ready.complete(null);
        }
      } catch (Exception e) {
        ready.completeExceptionally(e);
      }
      ready.completeExceptionally(new IllegalStateException("alerting exited before it was ready; see " + log));
    });
    pump.setDaemon(true);
    pump.start();
    try {
      ready.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw new AssertionError("alerting did not start: " + (Files.exists(log) ? Files.readString(log) : e.toString()), e);
    }
    return p;
  }

  private static KafkaProducer<String, byte[]> producer(KafkaEndpoint kafka) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, Alert alert) throws Exception {
    producer.send(new ProducerRecord<>(topic, alert.alertId(), WireJson.write(alert))).get(10, TimeUnit.SECONDS);
  }
}
