package dev.citywatch.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.citywatch.model.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files (deploy/compose.yaml, deploy/Dockerfile, deploy/haproxy, deploy/kubernetes)
 * parse, and everything they name exists in the project: images built from a Dockerfile stage or
 * pinned public ones, main classes, environment variables the code reads, topics, ports and files.
 */
class DeployFilesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ENV_NAME = Pattern.compile("\\bCITYWATCH_[A-Z0-9_]+\\b");
  private static final Pattern CLASS_NAME = Pattern.compile("\\bdev\\.citywatch\\.[a-z.]+\\.[A-Z][A-Za-z]+\\b");

  @Test
  void composeParsesAndEveryServiceRunsAPinnedPublicImageOrOneBuiltFromAStageOfTheDockerfile() throws IOException {
    JsonNode services = compose().path("services");
    assertThat(services.size()).isGreaterThanOrEqualTo(10);
    Set<String> stages = dockerfileStages();
    Set<String> builtImages = new HashSet<>();
    services.fields().forEachRemaining(s -> {
      JsonNode build = s.getValue().path("build");
      if (!build.isMissingNode()) {
        assertThat(stages).as("Dockerfile stage of %s", s.getKey()).contains(build.path("target").asText());
        assertThat(ROOT.resolve(build.path("dockerfile").asText())).exists();
        builtImages.add(s.getValue().path("image").asText());
      }
    });
    services.fields().forEachRemaining(s -> {
      String image = s.getValue().path("image").asText("");
      if (image.startsWith("citywatch/")) {
        assertThat(builtImages).as("%s uses a project image some service builds", s.getKey()).contains(image);
      } else if (s.getValue().path("build").isMissingNode()) {
        assertThat(image).as("image of %s", s.getKey()).matches("[a-z0-9./-]+:[0-9][A-Za-z0-9._-]*");
      }
    });
    assertThat(services.fieldNames()).toIterable()
        .contains("kafka", "influxdb", "grafana", "gateway-1", "gateway-2", "mqtt-lb", "flink-jobmanager", "flink-taskmanager",
            "alerting");
    assertThat(services.path("influxdb").path("image").asText()).startsWith("influxdb:1.8");
  }

  @Test
  void everyEnvironmentVariableTheDeploymentSetsIsOneTheCodeReads() throws IOException {
    Set<String> read = new TreeSet<>();
    for (String module : List.of("ingestion", "alerting", "stream-jobs", "model")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = Pattern.compile("\"(CITYWATCH_[A-Z0-9_]+)\"").matcher(Files.readString(f));
          while (m.find()) read.add(m.group(1));
        }
      }
    }
    read.addAll(inventorySecretNames());
    read.add("CITYWATCH_INFLUX_URL"); // Grafana's datasource file reads these two
    read.add("CITYWATCH_INFLUX_DB");
    Set<String> named = new TreeSet<>();
    for (Path f : deploymentFiles()) {
      Matcher m = ENV_NAME.matcher(Files.readString(f));
      while (m.find()) named.add(m.group());
    }
    assertThat(named).isNotEmpty();
    assertThat(read).as("variables the code (or the inventory's secret references) reads").containsAll(named);
  }

  @Test
  void theWebhookSecretsTemplateNamesExactlyTheInventorysSecretReferences() throws IOException {
    Set<String> template = new TreeSet<>();
    for (String line : Files.readAllLines(DEPLOY.resolve("webhook-secrets.env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) template.add(line.substring(0, line.indexOf('=')));
    }
    assertThat(template).isEqualTo(inventorySecretNames());
  }

  @Test
  void theTopicsComposeCreatesAreTheOnesTheCodeUses() throws IOException {
    String command = compose().path("services").path("kafka-topics").path("command").get(0).asText();
    Set<String> created = new TreeSet<>();
    Matcher m = Pattern.compile("(citywatch\\.[a-z.-]+):\\d+").matcher(command);
    while (m.find()) created.add(m.group(1));
    assertThat(created).containsExactlyInAnyOrder(Topics.KAFKA_TELEMETRY, Topics.KAFKA_TELEMETRY_DLQ, Topics.KAFKA_DEVICE_STATUS,
        Topics.KAFKA_ALERTS, Topics.KAFKA_ALERTS_DLQ);
  }

  @Test
  void everyMainClassTheDeploymentStartsExists() throws IOException {
    Set<String> classes = new TreeSet<>();
    for (Path f : deploymentFiles()) {
      Matcher m = CLASS_NAME.matcher(Files.readString(f));
      while (m.find()) classes.add(m.group());
    }
    assertThat(classes).contains("dev.citywatch.ingestion.Gateway", "dev.citywatch.alerting.AlertingMain",
        "dev.citywatch.jobs.storage.StorageJob", "dev.citywatch.jobs.detect.DetectionJob");
    for (String c : classes) {
      assertThat(exists(c)).as("class %s", c).isTrue();
    }
  }

  @Test
  void theLoadBalancerSendsMqttToTheGatewaysPortsAndChecksTheirReadinessOnTheOperationsPort() throws IOException {
    JsonNode services = compose().path("services");
    String cfg = Files.readString(DEPLOY.resolve("haproxy/haproxy.cfg"));
    for (String gw : List.of("gateway-1", "gateway-2")) {
      JsonNode env = services.path(gw).path("environment");
      assertThat(cfg).contains("server " + env.path("CITYWATCH_GATEWAY_ID").asText() + " " + gw + ":" + env.path("CITYWATCH_MQTT_PORT").asText());
      assertThat(cfg).contains("check port " + env.path("CITYWATCH_OPS_PORT").asText());
    }
    assertThat(cfg).contains("option httpchk GET /health/ready");
    assertThat(services.path("mqtt-lb").path("volumes").get(0).asText()).startsWith("./haproxy/haproxy.cfg:");
  }

  @Test
  void everyHostPathComposeAndKustomizeMountExists() throws IOException {
    for (JsonNode service : iterable(compose().path("services").elements())) {
      for (JsonNode v : iterable(service.path("volumes").elements())) {
        String host = v.asText().split(":")[0];
        if (host.startsWith(".")) assertThat(DEPLOY.resolve(host).normalize()).as("compose volume %s", v.asText()).exists();
      }
    }
    JsonNode kustomization = YAML.readTree(DEPLOY.resolve("kubernetes/kustomization.yaml").toFile());
    for (JsonNode r : iterable(kustomization.path("resources").elements())) {
      assertThat(DEPLOY.resolve("kubernetes").resolve(r.asText())).exists();
    }
    for (JsonNode generator : iterable(kustomization.path("configMapGenerator").elements())) {
      for (JsonNode f : iterable(generator.path("files").elements())) {
        String path = f.asText().contains("=") ? f.asText().substring(f.asText().indexOf('=') + 1) : f.asText();
        assertThat(DEPLOY.resolve("kubernetes").resolve(path).normalize()).as("ConfigMap source %s", path).exists();
      }
    }
    try (Stream<Path> dashboards = Files.list(ROOT.resolve("dashboards/grafana"))) {
      long committed = dashboards.filter(p -> p.toString().endsWith(".json")).count();
      long generated = iterable(kustomization.path("configMapGenerator").elements()).stream()
          .filter(g -> g.path("name").asText().equals("grafana-dashboards")).findFirst().orElseThrow().path("files").size();
      assertThat(generated).as("every dashboard is in the Grafana ConfigMap").isEqualTo(committed);
    }
  }

  @Test
  void kubernetesManifestsParseAndEveryServiceSelectsADeploymentAndNamesItsPorts() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).toList()) {
        docs.addAll(YAML.readValues(YAML.getFactory().createParser(f.toFile()), JsonNode.class).readAll());
      }
    }
    Set<String> kinds = new TreeSet<>();
    for (JsonNode d : docs) {
      assertThat(d.path("apiVersion").asText()).isNotBlank();
      assertThat(d.path("metadata").path("name").asText()).isNotBlank();
      kinds.add(d.path("kind").asText());
    }
    assertThat(kinds).contains("Deployment", "Service", "FlinkDeployment");
    for (JsonNode service : docs.stream().filter(d -> d.path("kind").asText().equals("Service")).toList()) {
      JsonNode selector = service.path("spec").path("selector");
      JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("Deployment"))
          .filter(d -> d.path("spec").path("template").path("metadata").path("labels").equals(selector)).findFirst()
          .orElseThrow(() -> new AssertionError("no Deployment for the selector of Service " + service.path("metadata").path("name")));
      Set<String> portNames = new HashSet<>();
      deployment.path("spec").path("template").path("spec").path("containers").forEach(c -> c.path("ports").forEach(p ->
          portNames.add(p.path("name").asText())));
      service.path("spec").path("ports").forEach(p -> assertThat(portNames).contains(p.path("targetPort").asText()));
    }
    for (JsonNode flink : docs.stream().filter(d -> d.path("kind").asText().equals("FlinkDeployment")).toList()) {
      assertThat(flink.path("spec").path("job").path("jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/citywatch-jobs.jar");
      assertThat(Files.readString(DEPLOY.resolve("Dockerfile"))).contains("/opt/flink/usrlib/citywatch-jobs.jar");
    }
  }

  private static JsonNode compose() throws IOException {
    return YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
  }

  private static Set<String> dockerfileStages() throws IOException {
    Set<String> stages = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)$").matcher(Files.readString(DEPLOY.resolve("Dockerfile")));
    while (m.find()) stages.add(m.group(1));
    return stages;
  }

  private static Set<String> inventorySecretNames() throws IOException {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("secret_ref: env:(CITYWATCH_[A-Z0-9_]+)").matcher(
        Files.readString(ROOT.resolve("inventory/gangwon.yaml"), StandardCharsets.UTF_8));
    while (m.find()) names.add(m.group(1));
    return names;
  }

  private static List<Path> deploymentFiles() {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, DeployFilesTest.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
