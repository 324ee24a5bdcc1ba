package dev.citywatch.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The provisioning files and dashboards as Grafana will load them, checked without a Grafana. */
class DashboardFilesTest {
  private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{)?([A-Za-z_][A-Za-z0-9_]*)");
  /** Grafana's own macros, not dashboard variables. */
  private static final Set<String> BUILT_IN = Set.of("timeFilter", "__interval", "__interval_ms", "__from", "__to", "__all");

  private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

  @Test
  void theDatasourceIsInfluxQlWithTheFixedUidAndItsAddressFromTheEnvironment() throws Exception {
    JsonNode ds = yaml.readTree(Dashboards.root().resolve("provisioning/datasources/citywatch.yaml").toFile());
    assertThat(ds.path("apiVersion").asInt()).isEqualTo(1);
    JsonNode only = ds.path("datasources").get(0);
    assertThat(ds.path("datasources")).hasSize(1);
    assertThat(only.path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);
    assertThat(only.path("type").asText()).isEqualTo("influxdb");
    assertThat(only.path("url").asText()).isEqualTo("${CITYWATCH_INFLUX_URL}");
    assertThat(only.path("jsonData").path("dbName").asText()).isEqualTo("${CITYWATCH_INFLUX_DB}");
  }

  @Test
  void theDashboardProviderLoadsTheFilesIntoTheCityWatchFolder() throws Exception {
    JsonNode p = yaml.readTree(Dashboards.root().resolve("provisioning/dashboards/citywatch.yaml").toFile());
    JsonNode provider = p.path("providers").get(0);
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("folder").asText()).isEqualTo("CityWatch");
    assertThat(provider.path("options").path("path").asText()).isEqualTo("/var/lib/grafana/dashboards/citywatch");
  }

  @Test
  void everyDashboardHasAUniqueUidAndTheFiveViewsAndTheProvinceAreThere() {
    List<String> uids = Dashboards.files().stream().map(f -> Dashboards.read(f).path("uid").asText()).toList();
    assertThat(uids).doesNotHaveDuplicates().containsExactlyInAnyOrder("citywatch-overview", "citywatch-disaster",
        "citywatch-traffic", "citywatch-devices", "citywatch-pipeline", "citywatch-province");
  }

  @Test
  void everyPanelAndQueryUsesTheProvisionedDatasourceAndHasAUnitAndAUniqueId() {
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      Set<Integer> ids = new HashSet<>();
      for (JsonNode p : Dashboards.panels(d)) {
        String where = f.getFileName() + " / " + p.path("title").asText();
        assertThat(ids.add(p.path("id").asInt())).as(where + ": unique id").isTrue();
        assertThat(p.path("datasource").path("uid").asText()).as(where).isEqualTo(Dashboards.DATASOURCE_UID);
        assertThat(p.path("fieldConfig").path("defaults").path("unit").asText()).as(where + ": unit").isNotBlank();
        assertThat(p.path("targets")).as(where + ": queries").isNotEmpty();
        p.path("targets").forEach(t -> {
          assertThat(t.path("datasource").path("uid").asText()).as(where).isEqualTo(Dashboards.DATASOURCE_UID);
          assertThat(t.path("rawQuery").asBoolean()).as(where).isTrue();
          assertThat(t.path("query").asText()).as(where).isNotBlank();
        });
      }
      for (JsonNode a : d.path("annotations").path("list")) {
        assertThat(a.path("datasource").path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);
      }
      for (JsonNode v : d.path("templating").path("list")) {
        assertThat(v.path("datasource").path("uid").asText()).isEqualTo(Dashboards.DATASOURCE_UID);
      }
      assertThat(d.path("refresh").asText()).as(f + " refresh").isEqualTo("10s");
    }
  }

  @Test
  void everyVariableAQueryOrTitleUsesIsDefinedInItsDashboard() {
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      Set<String> defined = new HashSet<>();
      d.path("templating").path("list").forEach(v -> defined.add(v.path("name").asText()));
      List<String> texts = new ArrayList<>();
      Dashboards.panels(d).forEach(p -> {
        texts.add(p.path("title").asText());
        if (p.has("repeat")) texts.add("$" + p.path("repeat").asText());
        p.path("targets").forEach(t -> texts.add(t.path("query").asText()));
      });
      d.path("templating").path("list").forEach(v -> texts.add(v.path("query").asText()));
      d.path("annotations").path("list").forEach(a -> texts.add(a.path("query").asText()));
      for (String text : texts) {
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
          String name = m.group(1);
          if (!BUILT_IN.contains(name)) assertThat(defined).as(f.getFileName() + ": $" + name + " in '" + text + "'").contains(name);
        }
      }
    }
  }

  @Test
  void everyLinkPointsToAnExistingDashboard() {
    Set<String> uids = new HashSet<>();
    Dashboards.files().forEach(f -> uids.add(Dashboards.read(f).path("uid").asText()));
    for (Path f : Dashboards.files()) {
      JsonNode d = Dashboards.read(f);
      assertThat(d.path("links")).as(f + " links").hasSize(uids.size() - 1);
      for (JsonNode l : d.path("links")) {
        String url = l.path("url").asText();
        assertThat(url).startsWith("/d/");
        assertThat(uids).as(f.getFileName() + " links to " + url).contains(url.substring(3));
      }
    }
  }

  @Test
  void theProvisioningFilesParseAsYaml() throws Exception {
    try (var files = Files.walk(Dashboards.root().resolve("provisioning"))) {
      for (Path p : files.filter(x -> x.toString().endsWith(".yaml")).toList()) {
        assertThat(yaml.readTree(p.toFile()).path("apiVersion").asInt()).as(p.toString()).isEqualTo(1);
      }
    }
  }
}
