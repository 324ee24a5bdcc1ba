package dev.citywatch.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** influxd's own counters ({@code /debug/vars}): what the database really took, whoever wrote it. */
public final class InfluxCounters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI vars;

  public InfluxCounters(String influxUrl) {
    this.vars = URI.create(influxUrl + "/debug/vars");
  }

  /** Points influxd accepted over HTTP since it started. */
  public long pointsWritten() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(vars).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonNode node : JSON.readTree(r.body())) {
      if ("write".equals(node.path("name").asText())) return node.path("values").path("pointReq").asLong();
    }
    return 0;
  }
}
