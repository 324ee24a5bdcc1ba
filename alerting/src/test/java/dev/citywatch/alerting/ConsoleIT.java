package dev.citywatch.alerting;

import static dev.citywatch.alerting.TestEndpoint.Answer.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.model.Alert;
import dev.citywatch.model.Severity;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.inventory.WebhookSubscription.Format;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The duty console in Debian's headless Chromium (driven by Selenium through Debian's
 * chromedriver): alerts appear live, Acknowledge marks them (console, InfluxDB, later webhook
 * bodies), and another tenant's token sees nothing of them.
 */
@RealServers
class ConsoleIT {
  private static final String SECRET = "whsec_console_it";
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aNewAlertAppearsLiveAcknowledgeMarksItAndAnotherTenantSeesNothingOfIt(KafkaEndpoint kafka, InfluxEndpoint influx)
      throws Exception {
    String database = Names.unique("console");
    AlertingConfig config = RunningService.config(kafka, Optional.of(influx.url()), database);
    FleetCredentials keys = FleetCredentials.development();
    String wonjuToken = new String(keys.apiToken("wonju", "wonju-duty-desk"));
    String hoengseongToken = new String(keys.apiToken("hoengseong", "hoengseong-duty-desk"));
    Vertx receivers = Vertx.vertx();
    WebDriver browser = browser();
    try (TestEndpoint endpoint = TestEndpoint.start(receivers, SECRET, i -> status(200));
         RunningService alerting = RunningService.start(config, List.of(
             RunningService.subscriber("wonju-desk", endpoint.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON)),
             InventoryLoader.loadDefault())) {
      int port = alerting.service.port();
      Alert first = TestAlerts.firing("wonju", "wonju-rv-003", Instant.now());
      alerting.publish(first);
      endpoint.await(r -> r.size() >= 1, PATIENCE);

      browser.get("http://127.0.0.1:" + port + "/console/");
      browser.findElement(By.id("token")).sendKeys(wonjuToken);
      browser.findElement(By.id("connect")).click();
      // The page re-renders its rows on every change, so an element found a moment ago may be gone: look again.
      WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
      wait.ignoring(StaleElementReferenceException.class);
      wait.until(d -> !d.findElements(row(first)).isEmpty());
      ((JavascriptExecutor) browser).executeScript("window.citywatchNoReload = true;");

      Alert second = TestAlerts.flood("wonju", "wonju-rv-004", Instant.now(), 1, Alert.State.FIRING, Severity.SEVERE);
      alerting.publish(second);
      wait.until(d -> !d.findElements(row(second)).isEmpty());
      assertThat(((JavascriptExecutor) browser).executeScript("return window.citywatchNoReload === true;")).isEqualTo(true);
      assertThat(wait.<String>until(d -> d.findElements(By.cssSelector("#alerts tbody tr")).get(0).getAttribute("data-alert-id")))
          .as("the more severe alert first").isEqualTo(second.alertId());
      assertThat(wait.<String>until(d -> d.findElement(row(second)).findElement(By.cssSelector(".level")).getText())).isEqualTo("심각");
      assertThat(koreanFontsOf(browser, "tr[data-alert-id='" + second.alertId() + "'] .level"))
          .as("fonts Chromium drew 심각 with: a Korean font of the console's stack (fonts-noto-cjk on Debian), not empty boxes")
          .isNotEmpty().allMatch(f -> f.matches("Noto Sans (CJK )?KR|Apple SD Gothic Neo|Malgun Gothic|Nanum ?Gothic|UnDotum"));

      wait.until(d -> {
        d.findElement(row(first)).findElement(By.cssSelector("button.ack")).click();
        return true;
      });
      assertThat(wait.<String>until(d -> d.findElement(row(first)).findElement(By.cssSelector(".acknowledged")).getText()))
          .contains("wonju-duty-desk");

      // Another tenant's token: nothing through the API, nothing in the page.
      HttpResponse<String> theirs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts"))
          .header("Authorization", "Bearer " + hoengseongToken).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(theirs.statusCode()).isEqualTo(200);
      assertThat(theirs.body()).doesNotContain(first.alertId()).doesNotContain(second.alertId());
      HttpResponse<String> foreignAck = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + port + "/alerts/" + second.alertId() + "/ack"))
          .header("Authorization", "Bearer " + hoengseongToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(foreignAck.statusCode()).isEqualTo(404);
      HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/alerts")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).isEqualTo(401);
      browser.findElement(By.id("token")).clear();
      browser.findElement(By.id("token")).sendKeys(hoengseongToken);
      browser.findElement(By.id("connect")).click();
      wait.until(d -> d.findElement(By.id("status")).getText().contains("live")
          && d.findElements(By.cssSelector("#alerts tbody tr")).isEmpty());
      Thread.sleep(500);
      assertThat(browser.findElements(By.cssSelector("#alerts tbody tr"))).isEmpty();

      // Marked in InfluxDB, and in the next webhook body of that alert.
      List<List<Object>> acks = AlertDeliveryIT.awaitRows(influx, database, "SELECT alert_id, acknowledged_by FROM alert_acks", 1);
      assertThat(acks).hasSize(1);
      assertThat(acks.get(0)).containsSequence(first.alertId(), "wonju-duty-desk");
      alerting.publish(TestAlerts.flood("wonju", "wonju-rv-003", first.eventTime(), 2, Alert.State.UPDATED, Severity.WARNING));
      List<TestEndpoint.Request> got = endpoint.await(r -> r.stream().anyMatch(q -> q.header("Idempotency-Key").endsWith(":2")), PATIENCE);
      JsonNode update = WireJson.mapper().readTree(got.stream().filter(q -> q.header("Idempotency-Key").endsWith(":2"))
          .findFirst().orElseThrow().body());
      assertThat(update.path("alert").path("acknowledged_by").asText()).isEqualTo("wonju-duty-desk");
      assertThat(update.path("alert").path("acknowledged_at").asText()).isNotBlank();
    } finally {
      browser.quit();
      receivers.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anAcknowledgementWithATokenNotSeenBeforeReadsItsBody(KafkaEndpoint kafka) throws Exception {
    AlertingConfig config = RunningService.config(kafka, Optional.empty(), "unused");
    String token = new String(FleetCredentials.development().apiToken("gangwon", "gangwon-situation-room"));
    try (RunningService alerting = RunningService.start(config, List.of(), InventoryLoader.loadDefault())) {
      Alert alert = TestAlerts.firing("hoengseong", "hoengseong-rv-001", Instant.now());
      alerting.publish(alert);
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (alerting.service.book().latest(alert.alertId()).isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
      HttpResponse<String> ack = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + alerting.service.port() + "/alerts/" + alert.alertId() + "/ack"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"by\": \"도 상황실 이주무관\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
      assertThat(WireJson.mapper().readTree(ack.body()).path("acknowledged_by").asText()).isEqualTo("도 상황실 이주무관");
      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + alerting.service.port() + "/alerts/" + alert.alertId() + "/ack"))
          .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("[1, 2")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
    }
  }

  @Test
  void theConsoleShowsTheDeliveriesMadeBeforeARestartOfAlerting(KafkaEndpoint kafka, InfluxEndpoint influx) throws Exception {
    String database = Names.unique("console_restart");
    AlertingConfig config = RunningService.config(kafka, Optional.of(influx.url()), database);
    String token = new String(FleetCredentials.development().apiToken("wonju", "wonju-duty-desk"));
    Vertx receivers = Vertx.vertx();
    Alert alert = TestAlerts.firing("wonju", "wonju-rv-005", Instant.now());
    try (TestEndpoint endpoint = TestEndpoint.start(receivers, SECRET, i -> status(200))) {
      var subscribers = List.of(RunningService.subscriber("wonju-desk", endpoint.url("/hook"), SECRET, "wonju", Set.of("wonju"), Format.JSON));
      try (RunningService before = RunningService.start(config, subscribers, InventoryLoader.loadDefault())) {
        before.publish(alert);
        endpoint.await(r -> r.size() >= 1, PATIENCE);
        assertThat(AlertDeliveryIT.awaitRows(influx, database, "SELECT alert_id FROM webhook_deliveries", 1)).hasSize(1);
      }
      try (RunningService after = RunningService.start(config, subscribers, InventoryLoader.loadDefault())) {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + after.service.port() + "/api/alerts"))
            .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode shown = null;
        for (JsonNode a : WireJson.mapper().readTree(answer.body())) {
          if (a.path("id").asText().equals(alert.alertId())) shown = a;
        }
        assertThat(shown).as("the alert, back from Kafka, in %s", answer.body()).isNotNull();
        assertThat(shown.path("deliveries")).as("its deliveries, back from the delivery log").hasSize(1);
        assertThat(shown.path("deliveries").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(shown.path("deliveries").get(0).path("outcome").asText()).isEqualTo("delivered");
        assertThat(shown.path("deliveries").get(0).path("subscription").asText()).isEqualTo("wonju-desk");
        assertThat(endpoint.requests()).as("nothing sent again").hasSize(1);
      }
    } finally {
      receivers.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** The platform fonts Chromium used for the text of the element {@code selector} (DevTools protocol). */
  @SuppressWarnings("unchecked")
  private static List<String> koreanFontsOf(WebDriver browser, String selector) {
    ChromeDriver chrome = (ChromeDriver) browser;
    chrome.executeCdpCommand("DOM.enable", java.util.Map.of());
    chrome.executeCdpCommand("CSS.enable", java.util.Map.of());
    var root = (java.util.Map<String, Object>) chrome.executeCdpCommand("DOM.getDocument", java.util.Map.of()).get("root");
    Object node = chrome.executeCdpCommand("DOM.querySelector", java.util.Map.of("nodeId", root.get("nodeId"), "selector", selector))
        .get("nodeId");
    var fonts = (List<java.util.Map<String, Object>>) chrome.executeCdpCommand("CSS.getPlatformFontsForNode",
        java.util.Map.of("nodeId", node)).get("fonts");
    return fonts.stream().map(f -> (String) f.get("familyName")).toList();
  }

  private static By row(Alert a) {
    return By.cssSelector("tr[data-alert-id='" + a.alertId() + "']");
  }

  /** Debian's chromium and chromedriver; nothing is downloaded. */
  static WebDriver browser() {
    Path driver = Path.of("/usr/bin/chromedriver");
    Path chromium = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(driver) || !Files.isExecutable(chromium)) {
      throw new IllegalStateException("the console test needs Debian's chromium and chromium-driver "
          + "(./citywatch test installs them; or: apt-get install chromium chromium-driver)");
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-dev-shm-usage", "--window-size=1400,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
    return new ChromeDriver(service, options);
  }
}
