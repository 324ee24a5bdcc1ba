package dev.citywatch.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The committed dashboards and provisioning files, read from the module's directory. */
final class Dashboards {
  static final String DATASOURCE_UID = "citywatch-influxdb";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A query of a dashboard (panel target, variable or annotation): where it is and its raw InfluxQL. */
  record PanelQuery(String dashboard, String panel, String refId, String query) {}

  private Dashboards() {}

  static Path root() {
    Path here = Path.of(System.getProperty("citywatch.root", ".."), "dashboards");
    return Files.isDirectory(here.resolve("grafana")) ? here : Path.of(".");
  }

  static List<Path> files() {
    try (Stream<Path> s = Files.list(root().resolve("grafana"))) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Every panel of a dashboard, rows' nested panels included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> out = new ArrayList<>();
    dashboard.path("panels").forEach(p -> {
      out.add(p);
      p.path("panels").forEach(out::add);
    });
    return out;
  }

  static List<PanelQuery> queries() {
    List<PanelQuery> out = new ArrayList<>();
    for (Path f : files()) {
      JsonNode d = read(f);
      for (JsonNode p : panels(d)) {
        for (JsonNode t : p.path("targets")) {
          out.add(new PanelQuery(d.path("uid").asText(), p.path("title").asText(), t.path("refId").asText(), t.path("query").asText()));
        }
      }
      for (JsonNode v : d.path("templating").path("list")) {
        out.add(new PanelQuery(d.path("uid").asText(), "variable $" + v.path("name").asText(), "var", v.path("query").asText()));
      }
      for (JsonNode a : d.path("annotations").path("list")) {
        out.add(new PanelQuery(d.path("uid").asText(), "annotation " + a.path("name").asText(), "ann", a.path("query").asText()));
      }
    }
    return out;
  }
}
