package dev.citywatch.alerting;

import static dev.citywatch.alerting.TestEndpoint.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.alerting.TestEndpoint.Answer;
import dev.citywatch.alerting.TestEndpoint.Request;
import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.alerting.webhook.Signature;
import dev.citywatch.model.Alert;
import dev.citywatch.model.Severity;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.WebhookSubscription.Format;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery guarantees against a real Kafka broker and real HTTP receivers (docs/webhooks.md). */
@RealServers
class AlertDeliveryIT {
  private static final String SECRET = "whsec_test_delivery";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Inventory NO_TOKENS = new Inventory(List.of(), List.of());
  private final Vertx receivers = Vertx.vertx();

  @AfterEach
  void closeReceivers() throws Exception {
    receivers.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void serverErrorsAreRetriedWithJitteredBackoffUntilOneDeliverySucceedsAndEveryAttemptIsLogged(
      KafkaEndpoint kafka, InfluxEndpoint influx) throws Exception {
    String database = Names.unique("alerting_log");
    AlertingConfig config = RunningService.config(kafka, Optional.of(influx.url()), database);
    try (TestEndpoint endpoint = TestEndpoint.start(receivers, SECRET, i -> status(i < 3 ? 500 : 200));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("flaky", endpoint.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON)), NO_TOKENS)) {
      Alert alert = TestAlerts.firing("wonju", "wonju-rv-003", Instant.now());
      alerting.publish(alert);

      List<Request> requests = endpoint.await(r -> r.size() >= 4, PATIENCE);
      Thread.sleep(1500);
      requests = endpoint.requests();
      assertThat(requests).hasSize(4);
      assertThat(requests).allSatisfy(r -> {
        assertThat(r.verdict()).isEqualTo(Signature.Verdict.OK);
        assertThat(r.header("Idempotency-Key")).isEqualTo(alert.alertId() + ":1");
        assertThat(r.header("X-CityWatch-Event")).isEqualTo("alert.firing");
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("User-Agent")).isEqualTo("CityWatch/0.1.0");
      });
      assertThat(requests.stream().map(r -> r.header("X-CityWatch-Delivery")).distinct()).hasSize(4);
      for (int i = 1; i < requests.size(); i++) {
        long gap = Duration.between(requests.get(i - 1).at(), requests.get(i).at()).toMillis();
        long ceiling = RunningService.FAST.ceiling(i).toMillis();
        assertThat(gap).as("gap after attempt %d (full jitter in [0, %d] ms)", i, ceiling).isBetween(0L, ceiling + 400);
      }
      JsonNode body = WireJson.mapper().readTree(requests.get(3).body());
      assertThat(body.path("schema").asText()).isEqualTo("citywatch.webhook.v1");
      assertThat(body.path("alert").path("headline").path("ko").asText()).contains("수위");
      assertThat(body.path("alert").path("headline").path("en").asText()).contains("stage");

      List<List<Object>> log = awaitRows(influx, database,
          "SELECT attempt, status, outcome, alert_id FROM webhook_deliveries WHERE webhook = 'flaky'", 4);
      assertThat(log).extracting(row -> row.get(1) + "/" + row.get(2) + "/" + row.get(3))
          .containsExactly("1.0/500.0/retry", "2.0/500.0/retry", "3.0/500.0/retry", "4.0/200.0/delivered");

      HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + alerting.service.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains("citywatch_alerting_deliveries_total{outcome=\"retry\",subscription=\"flaky\"} 3.0")
          .contains("citywatch_alerting_deliveries_total{outcome=\"delivered\",subscription=\"flaky\"} 1.0")
          .contains("citywatch_alerting_owed{subscription=\"flaky\"} 0.0");
    }
  }

  @Test
  void aTooManyRequestsAnswerWithRetryAfterIsRetriedNoSoonerThanItSays(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    try (TestEndpoint endpoint = TestEndpoint.start(receivers, SECRET,
             i -> i == 0 ? new Answer(429, Map.of("Retry-After", "2"), Duration.ZERO) : status(204));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("busy", endpoint.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON)), NO_TOKENS)) {
      alerting.publish(TestAlerts.firing("wonju", "wonju-rv-001", Instant.now()));
      List<Request> requests = endpoint.await(r -> r.size() >= 2, PATIENCE);
      assertThat(requests).hasSize(2);
      assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
    }
  }

  @Test
  void aBadRequestAnswerGoesToTheDeadLetterTopicWithoutARetry(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    try (TestEndpoint endpoint = TestEndpoint.start(receivers, SECRET, i -> status(400));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("strict", endpoint.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON)), NO_TOKENS)) {
      Alert alert = TestAlerts.firing("wonju", "wonju-rv-002", Instant.now());
      alerting.publish(alert);
      List<ConsumerRecord<String, byte[]>> dead = awaitRecords(kafka, config.deadLetterTopic(), 1);
      assertThat(dead).hasSize(1);
      JsonNode record = WireJson.mapper().readTree(dead.get(0).value());
      assertThat(record.path("subscription").asText()).isEqualTo("strict");
      assertThat(record.path("idempotency_key").asText()).isEqualTo(alert.alertId() + ":1");
      assertThat(record.path("last_response").path("status").asInt()).isEqualTo(400);
      assertThat(record.path("last_response").path("body").asText()).contains("400");
      assertThat(record.path("alert").path("alert_id").asText()).isEqualTo(alert.alertId());
      Thread.sleep(2500);
      assertThat(endpoint.requests()).hasSize(1);
    }
  }

  @Test
  void aRecordThatIsNotAnAlertIsDeadLetteredWithItsReasonAndTheNextAlertIsStillDelivered(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    try (TestEndpoint endpoint = TestEndpoint.start(receivers, SECRET, i -> status(200));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("steady", endpoint.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON)), NO_TOKENS)) {
      alerting.publishRaw("bad-1", "{\"schema\":1,\"alert_id\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Alert alert = TestAlerts.firing("wonju", "wonju-rv-006", Instant.now());
      alerting.publish(alert);
      List<ConsumerRecord<String, byte[]>> dead = awaitRecords(kafka, config.deadLetterTopic(), 1);
      assertThat(dead).hasSize(1);
      JsonNode record = WireJson.mapper().readTree(dead.get(0).value());
      assertThat(record.path("reason").asText()).startsWith("unreadable alert record");
      assertThat(record.path("original").asText()).isEqualTo("{\"schema\":1,\"alert_id\":");
      assertThat(endpoint.await(r -> !r.isEmpty(), PATIENCE)).extracting(r -> r.header("Idempotency-Key"))
          .containsExactly(alert.alertId() + ":1");
    }
  }

  @Test
  void aDeadAndASlowEndpointDoNotDelayAHealthyOne(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (TestEndpoint healthy = TestEndpoint.start(receivers, SECRET, i -> status(200));
         TestEndpoint slow = TestEndpoint.start(receivers, SECRET, i -> new Answer(200, Map.of(), Duration.ofSeconds(30)));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("dead", "http://127.0.0.1:" + closedPort + "/hook", SECRET, "wonju", Set.of("wonju"), Format.JSON),
             RunningService.subscriber("slow", slow.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON),
             RunningService.subscriber("healthy", healthy.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.CAP)), NO_TOKENS)) {
      long worst = 0;
      for (int n = 0; n < 5; n++) {
        Instant published = Instant.now();
        alerting.publish(TestAlerts.firing("wonju", "wonju-rv-01" + n, published));
        int expected = n + 1;
        List<Request> got = healthy.await(r -> r.size() >= expected, PATIENCE);
        assertThat(got).hasSize(expected);
        worst = Math.max(worst, Duration.between(published, got.get(n).at()).toMillis());
        Thread.sleep(700);
      }
      System.out.printf("[delivery-it] healthy endpoint beside a dead and a slow one: worst publish-to-receipt %d ms%n", worst);
      assertThat(worst).as("publish to receipt at the healthy endpoint, ms").isLessThan(1500);
      assertThat(slow.requests()).isNotEmpty();
    }
  }

  @Test
  void aSlowEndpointGetsEightAlertsAtOnceWhileTheStepsOfEachAlertStillArriveOneAfterTheOther(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    Duration answerAfter = Duration.ofSeconds(3);
    try (TestEndpoint slow = TestEndpoint.start(receivers, SECRET, i -> new Answer(200, Map.of(), answerAfter));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("slow", slow.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON)), NO_TOKENS)) {
      Instant fired = Instant.now();
      for (int n = 0; n < 10; n++) {
        alerting.publish(TestAlerts.flood("wonju", "wonju-rv-1" + n, fired, 1, Alert.State.FIRING, Severity.CAUTION));
      }
      Alert updated = TestAlerts.flood("wonju", "wonju-rv-10", fired, 2, Alert.State.UPDATED, Severity.WARNING);
      alerting.publish(updated);
      List<Request> got = slow.await(r -> r.size() >= 11, PATIENCE);
      assertThat(got).hasSize(11);
      Instant firstAnswered = got.get(0).at().plus(answerAfter);
      assertThat(got.stream().filter(r -> r.at().isBefore(firstAnswered)).count()).as("requests before the first answer").isEqualTo(8);
      Request first = got.stream().filter(r -> r.header("Idempotency-Key").equals(updated.alertId() + ":1")).findFirst().orElseThrow();
      Request second = got.stream().filter(r -> r.header("Idempotency-Key").equals(updated.alertId() + ":2")).findFirst().orElseThrow();
      assertThat(second.at()).as("the update, sent once its firing step was answered").isAfterOrEqualTo(first.at().plus(answerAfter));
    }
  }

  @Test
  void theStepsOfOneAlertArriveInOrderEvenWhenTheFirstAttemptOfFiringFails(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    try (TestEndpoint endpoint = TestEndpoint.start(receivers, SECRET, i -> status(i == 0 ? 503 : 200));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("ordered", endpoint.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON)), NO_TOKENS)) {
      Instant fired = Instant.now();
      Alert firing = TestAlerts.flood("wonju", "wonju-rv-005", fired, 1, Alert.State.FIRING, Severity.CAUTION);
      alerting.publish(firing);
      alerting.publish(TestAlerts.flood("wonju", "wonju-rv-005", fired, 2, Alert.State.UPDATED, Severity.WARNING));
      alerting.publish(TestAlerts.flood("wonju", "wonju-rv-005", fired, 3, Alert.State.RESOLVED, Severity.WARNING));
      endpoint.await(r -> r.size() >= 4, PATIENCE);
      assertThat(endpoint.delivered()).extracting(r -> r.header("X-CityWatch-Event"))
          .containsExactly("alert.firing", "alert.updated", "alert.resolved");
      assertThat(endpoint.requests().get(0).header("Idempotency-Key")).isEqualTo(firing.alertId() + ":1");
    }
  }

  @Test
  void aTenantsSubscriberNeverSeesAnotherTenantsAlertAndTheProvinceSeesBoth(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    try (TestEndpoint hoengseong = TestEndpoint.start(receivers, SECRET, i -> status(200));
         TestEndpoint province = TestEndpoint.start(receivers, SECRET, i -> status(200));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("hoengseong-office", hoengseong.url("/h"), SECRET, "hoengseong", Set.of("hoengseong"), Format.JSON),
             RunningService.subscriber("gangwon-room", province.url("/g"), SECRET, "gangwon", Set.of("wonju", "hoengseong"), Format.CAP)),
             NO_TOKENS)) {
      Alert wonju = TestAlerts.firing("wonju", "wonju-rv-003", Instant.now());
      Alert ours = TestAlerts.firing("hoengseong", "hoengseong-rv-001", Instant.now());
      alerting.publish(wonju);
      alerting.publish(ours);
      province.await(r -> r.size() >= 2, PATIENCE);
      hoengseong.await(r -> r.size() >= 1, PATIENCE);
      Thread.sleep(1000);
      assertThat(province.requests()).extracting(r -> r.header("Idempotency-Key"))
          .containsExactlyInAnyOrder(wonju.alertId() + ":1", ours.alertId() + ":1");
      assertThat(province.requests()).allSatisfy(r -> assertThat(r.header("Content-Type")).startsWith("application/cap+xml"));
      assertThat(hoengseong.requests()).extracting(r -> r.header("Idempotency-Key")).containsExactly(ours.alertId() + ":1");
    }
  }

  private static List<ConsumerRecord<String, byte[]>> awaitRecords(KafkaEndpoint kafka, String topic, int n) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    List<ConsumerRecord<String, byte[]>> got = KafkaTopics.readAll(kafka, topic, Duration.ofSeconds(1));
    while (got.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(250);
      got = KafkaTopics.readAll(kafka, topic, Duration.ofSeconds(1));
    }
    return got;
  }

  static List<List<Object>> awaitRows(InfluxEndpoint influx, String database, String query, int n) throws InterruptedException {
    try (var client = InfluxDBFactory.connect(influx.url())) {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      List<List<Object>> rows = List.of();
      while (System.nanoTime() < deadline) {
        QueryResult r = client.query(new Query(query, database));
        if (r.getResults() != null && r.getResults().get(0).getSeries() != null) {
          rows = r.getResults().get(0).getSeries().get(0).getValues();
          if (rows.size() >= n) return rows;
        }
        Thread.sleep(250);
      }
      return rows;
    }
  }
}
