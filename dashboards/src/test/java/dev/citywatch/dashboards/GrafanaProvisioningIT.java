package dev.citywatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Grafana itself with the provisioning mounted, where a Docker engine answers: the datasource and
 * every dashboard are provisioned, in the CityWatch folder, with no provisioning error in the log.
 * Without Docker it is reported as skipped, with that reason.
 */
class GrafanaProvisioningIT {
  static final String IMAGE = "grafana/grafana:12.1.1";
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void grafanaProvisionsTheDatasourceAndEveryDashboardWithoutErrors() throws Exception {
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine reachable: Grafana cannot be started here (the dashboard files and every query are checked by "
            + "DashboardFilesTest and PanelQuerySyntaxIT instead)");
    String root = Dashboards.root().toAbsolutePath().toString();
    try (GenericContainer<?> grafana = new GenericContainer<>(IMAGE)
        .withExposedPorts(3000)
        .withEnv("CITYWATCH_INFLUX_URL", "http://influxdb:8086")
        .withEnv("CITYWATCH_INFLUX_DB", "citywatch")
        .withFileSystemBind(root + "/provisioning", "/etc/grafana/provisioning", BindMode.READ_ONLY)
        .withFileSystemBind(root + "/grafana", "/var/lib/grafana/dashboards/citywatch", BindMode.READ_ONLY)
        .waitingFor(Wait.forHttp("/api/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)))) {
      grafana.start();
      String base = "http://" + grafana.getHost() + ":" + grafana.getMappedPort(3000);
      JsonNode ds = get(base + "/api/datasources/uid/" + Dashboards.DATASOURCE_UID);
      assertThat(ds.path("type").asText()).isEqualTo("influxdb");
      assertThat(ds.path("url").asText()).isEqualTo("http://influxdb:8086");
      List<String> expected = new ArrayList<>();
      Dashboards.files().forEach(f -> expected.add(Dashboards.read(f).path("uid").asText()));
      for (String uid : expected) {
        JsonNode d = get(base + "/api/dashboards/uid/" + uid);
        assertThat(d.path("meta").path("folderTitle").asText()).as(uid).isEqualTo("CityWatch");
        assertThat(d.path("meta").path("provisioned").asBoolean()).as(uid).isTrue();
      }
      assertThat(grafana.getLogs()).doesNotContainPattern("level=error.*(provision|dashboard)");
    }
  }

  private JsonNode get(String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8))).build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return json.readTree(response.body());
  }
}
