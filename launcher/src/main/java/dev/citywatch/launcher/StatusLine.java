package dev.citywatch.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.citywatch.ingestion.mqtt.GatewayMetrics;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The demo's live one-line status: devices connected, messages in per second (gateway meters) and
 * points written (read from influxd's own counters, so it counts what the database really took).
 */
final class StatusLine implements AutoCloseable {
  private static final Duration PERIOD = Duration.ofSeconds(1);
  private final GatewayMetrics gateway;
  private final URI influxVars;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "citywatch-status");
    t.setDaemon(true);
    return t;
  });
  private double lastAccepted;
  private long lastPoints = -1;
  private long ticks;

  StatusLine(GatewayMetrics gateway, String influxUrl, PrintStream out) {
    this.gateway = gateway;
    this.influxVars = URI.create(influxUrl + "/debug/vars");
    this.out = out;
  }

  void start() {
    timer.scheduleAtFixedRate(this::tick, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    double accepted = gateway.accepted();
    long points = pointsWritten();
    double inRate = (accepted - lastAccepted) / PERIOD.toSeconds();
    double pointRate = lastPoints < 0 || points < 0 ? 0 : (points - lastPoints) / (double) PERIOD.toSeconds();
    lastAccepted = accepted;
    lastPoints = points;
    String line = String.format(Locale.ROOT, "[status] devices connected %d | in %.1f msg/s (total %.0f) | points written %s (%.1f/s)",
        gateway.connections(), inRate, accepted, points < 0 ? "?" : Long.toString(points), pointRate);
    // On a terminal the line refreshes in place; in a log it is printed every 5 s.
    if (terminal) {
      out.print("\r" + line + "   ");
      out.flush();
    } else if (ticks++ % 5 == 0) {
      out.println(line);
    }
  }

  /** influxd's count of points it accepted over HTTP since it started; -1 if it does not answer. */
  private long pointsWritten() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(influxVars).timeout(Duration.ofSeconds(1)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode vars = json.readTree(r.body());
      for (JsonNode node : vars) {
        if ("write".equals(node.path("name").asText())) {
          return node.path("values").path("pointReq").asLong();
        }
      }
      return 0;
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (terminal) out.println();
  }
}
