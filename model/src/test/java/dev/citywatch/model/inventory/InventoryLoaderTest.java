package dev.citywatch.model.inventory;

import dev.citywatch.model.yaml.YamlProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of mistake is reported with file, line and path; all of them at once. */
class InventoryLoaderTest {
  private static final String HASH = "pbkdf2-sha256$10000$AAAAAAAAAAAAAAAAAAAAAA==$" + "A".repeat(43) + "=";

  private static String inventory(String devices, String segments, String extraTenant) {
    return """
        schema: 1
        tenants:
          - id: wonju
            name: 원주시
            name_en: Wonju
            bounds: {south: 37.17, west: 127.72, north: 37.50, east: 128.22}
            districts: [중앙동, 문막읍]
            rivers:
              - {id: wonjucheon, name: 원주천, name_en: Wonjucheon}
            road_segments:
        %s
            devices:
        %s
            webhooks:
              - id: wonju-office
                url: http://127.0.0.1:8090/hooks/wonju
                secret_ref: env:WONJU_SECRET
                format: json
                kinds: [flood]
                min_severity: CAUTION
        %s
        regions:
          - id: gangwon
            name: 강원
            name_en: Gangwon
            tenants: [wonju]
        """.formatted(segments.indent(6).stripTrailing(), devices.indent(6).stripTrailing(), extraTenant);
  }

  private static final String SEGMENTS = """
      - {id: a-nb-1, name: A1, road_class: urban_arterial, free_flow_kmh: 60, from: {lat: 37.30, lon: 127.90}, to: {lat: 37.31, lon: 127.90}, upstream: [], downstream: [a-nb-2]}
      - {id: a-nb-2, name: A2, road_class: urban_arterial, free_flow_kmh: 60, from: {lat: 37.31, lon: 127.90}, to: {lat: 37.32, lon: 127.90}, upstream: [a-nb-1], downstream: []}""";

  private static final String GAUGE = """
      - id: wonju-rv-001
        kind: river_gauge
        format: json
        location: {lat: 37.34, lon: 127.95}
        district: 중앙동
        interval_s: 60
        river: wonjucheon
        stages_m: {attention: 1.5, caution: 2.0, warning: 2.6, severe: 3.2}
        password_hash: "%s"
      """.formatted(HASH);

  private static final String LOOP = """
      - id: wonju-tl-001
        kind: traffic_loop
        format: json
        location: {lat: 37.305, lon: 127.90}
        district: 문막읍
        interval_s: 30
        segment: a-nb-1
        password_hash: "%s"
      """.formatted(HASH);

  private static List<YamlProblem> problems(String yaml) {
    try {
      InventoryLoader.parse("test.yaml", yaml);
    } catch (InventoryException e) {
      return e.problems();
    }
    throw new AssertionError("expected the inventory to be refused");
  }

  @Test
  void aServerMustNameItsInventoryThereIsNoDefaultWithPublishedCredentials(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    for (String unset : new String[] {null, "", "  "}) {
      assertThatThrownBy(() -> InventoryLoader.loadConfigured("CITYWATCH_INVENTORY", unset))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("CITYWATCH_INVENTORY is required")
          .hasMessageContaining("There is no default");
    }
    java.nio.file.Path file = dir.resolve("city.yaml");
    try (var in = getClass().getClassLoader().getResourceAsStream(InventoryLoader.DEFAULT_RESOURCE)) {
      java.nio.file.Files.write(file, in.readAllBytes());
    }
    assertThat(InventoryLoader.loadConfigured("CITYWATCH_INVENTORY", file.toString()).tenants()).isNotEmpty();
  }

  @Test
  void aCorrectInventoryLoads() throws Exception {
    Inventory inv = InventoryLoader.parse("test.yaml", inventory(GAUGE + LOOP, SEGMENTS, ""));
    assertThat(inv.deviceCount()).isEqualTo(2);
    assertThat(inv.device("wonju", "wonju-tl-001")).get().extracting(d -> d.segment().orElseThrow()).isEqualTo("a-nb-1");
  }

  @Test
  void reportsDuplicateDeviceIdsWithPathAndLine() {
    List<YamlProblem> p = problems(inventory(GAUGE + GAUGE, SEGMENTS, ""));
    assertThat(p).singleElement().satisfies(x -> {
      assertThat(x.path()).isEqualTo("tenants[0].devices[1].id");
      assertThat(x.message()).contains("duplicate device id 'wonju-rv-001'");
      assertThat(x.file()).isEqualTo("test.yaml");
      assertThat(x.line()).isEqualTo(23);
      assertThat(x.toString()).startsWith("test.yaml:23: tenants[0].devices[1].id: ");
    });
  }

  @Test
  void reportsCoordinatesOutsideTheTenant() {
    List<YamlProblem> p = problems(inventory(GAUGE.replace("lat: 37.34", "lat: 36.10"), SEGMENTS, ""));
    assertThat(p).singleElement().satisfies(x -> {
      assertThat(x.path()).isEqualTo("tenants[0].devices[0].location");
      assertThat(x.message()).contains("outside the tenant's bounds");
    });
  }

  @Test
  void reportsStageLevelsOutOfOrder() {
    List<YamlProblem> p = problems(inventory(GAUGE.replace("caution: 2.0", "caution: 1.2"), SEGMENTS, ""));
    assertThat(p).singleElement().satisfies(x -> {
      assertThat(x.path()).isEqualTo("tenants[0].devices[0].stages_m");
      assertThat(x.message()).contains("levels must rise");
    });
  }

  @Test
  void reportsReferencesThatDoNotResolve() {
    List<YamlProblem> p = problems(inventory(
        GAUGE.replace("river: wonjucheon", "river: hangang") + LOOP.replace("segment: a-nb-1", "segment: z-9"),
        SEGMENTS.replace("downstream: [a-nb-2]", "downstream: [a-nb-2, a-nb-7]"), ""));
    assertThat(p).extracting(YamlProblem::path).containsExactlyInAnyOrder(
        "tenants[0].road_segments[0].downstream[1]", "tenants[0].devices[0].river", "tenants[0].devices[1].segment");
    assertThat(p).extracting(YamlProblem::message).anyMatch(m -> m.contains("no river 'hangang'"));
  }

  @Test
  void reportsOneWayRoadLinks() {
    List<YamlProblem> p = problems(inventory(LOOP, SEGMENTS.replace("upstream: [a-nb-1]", "upstream: []"), ""));
    assertThat(p).singleElement().satisfies(x -> {
      assertThat(x.path()).isEqualTo("tenants[0].road_segments[0].downstream[0]");
      assertThat(x.message()).contains("does not list 'a-nb-1' as its upstream neighbour");
    });
  }

  @Test
  void refusesClearPasswordsAndUnknownFields() {
    List<YamlProblem> p = problems(inventory(GAUGE.replace("\"" + HASH + "\"", "hunter2") + LOOP.replace("interval_s", "interval"), SEGMENTS, ""));
    assertThat(p).extracting(YamlProblem::path).contains(
        "tenants[0].devices[0].password_hash", "tenants[0].devices[1].interval", "tenants[0].devices[1].interval_s");
    assertThat(p).filteredOn(x -> x.path().endsWith("password_hash")).singleElement()
        .satisfies(x -> assertThat(x.message()).contains("clear passwords are never stored").doesNotContain("hunter2"));
  }

  @Test
  void reportsKindSpecificFieldsMissingOrMisplaced() {
    String rain = LOOP.replace("kind: traffic_loop", "kind: rain_gauge").replace("wonju-tl-001", "wonju-rg-001");
    String gaugeWithoutStages = GAUGE.replace("  stages_m: {attention: 1.5, caution: 2.0, warning: 2.6, severe: 3.2}\n", "");
    List<YamlProblem> p = problems(inventory(gaugeWithoutStages + rain, SEGMENTS, ""));
    assertThat(p).extracting(YamlProblem::path)
        .containsExactlyInAnyOrder("tenants[0].devices[0].stages_m", "tenants[0].devices[1].segment");
  }

  @Test
  void reportsUnknownKindsFormatsDistrictsAndBadWebhooks() {
    String yaml = inventory(LOOP.replace("kind: traffic_loop", "kind: toaster").replace("format: json", "format: xml")
        .replace("문막읍", "강남구"), SEGMENTS, "")
        .replace("kinds: [flood]", "kinds: [flood, meteor]").replace("env:WONJU_SECRET", "s3cr3t").replace("http://127", "ftp://127");
    List<YamlProblem> p = problems(yaml);
    assertThat(p).extracting(YamlProblem::path).containsExactlyInAnyOrder(
        "tenants[0].devices[0].kind", "tenants[0].devices[0].format", "tenants[0].devices[0].district",
        "tenants[0].webhooks[0].url", "tenants[0].webhooks[0].secret_ref", "tenants[0].webhooks[0].kinds[1]");
  }

  @Test
  void readsRotationSecretsDistrictAndAreaFiltersHeadersAndApiTokens() throws Exception {
    String yaml = inventory(LOOP, SEGMENTS, "").replace("        min_severity: CAUTION\n", String.join("\n",
        "        min_severity: CAUTION",
        "        previous_secret_ref: env:WONJU_SECRET_OLD",
        "        districts: [문막읍]",
        "        area: [{lat: 37.30, lon: 127.85}, {lat: 37.30, lon: 127.95}, {lat: 37.35, lon: 127.95}]",
        "        headers: {X-Desk: munmak}",
        "    api_tokens:",
        "      - {name: wonju-duty-desk, token_hash: \"" + HASH + "\"}", ""));
    Tenant wonju = InventoryLoader.parse("test.yaml", yaml).tenant("wonju").orElseThrow();
    WebhookSubscription s = wonju.webhooks().get(0);
    assertThat(s.secretRefs()).containsExactly("env:WONJU_SECRET", "env:WONJU_SECRET_OLD");
    assertThat(s.districts()).containsExactly("문막읍");
    assertThat(s.area()).hasSize(3);
    assertThat(s.headers()).containsEntry("X-Desk", "munmak");
    assertThat(wonju.apiTokens()).extracting(ApiToken::name).containsExactly("wonju-duty-desk");
  }

  @Test
  void refusesUnknownWebhookDistrictsShortPolygonsReservedHeadersAndClearTokens() {
    String yaml = inventory(LOOP, SEGMENTS, "").replace("        min_severity: CAUTION\n", String.join("\n",
        "        min_severity: CAUTION",
        "        districts: [강남구]",
        "        area: [{lat: 37.30, lon: 127.85}, {lat: 37.30, lon: 127.95}]",
        "        headers: {Idempotency-Key: mine}",
        "    api_tokens:",
        "      - {name: wonju-duty-desk, token_hash: cwt_clear_text_token}", ""));
    assertThat(problems(yaml)).extracting(YamlProblem::path).containsExactlyInAnyOrder(
        "tenants[0].webhooks[0].districts[0]", "tenants[0].webhooks[0].area",
        "tenants[0].webhooks[0].headers.Idempotency-Key", "tenants[0].api_tokens[0].token_hash");
  }

  @Test
  void reportsRegionsNamingUnknownTenantsAndDuplicateTenants() {
    String second = """
          - id: wonju
            name: 원주시
            name_en: Wonju
            bounds: {south: 37.17, west: 127.72, north: 37.50, east: 128.22}
            districts: [중앙동]
            devices: []
        """;
    List<YamlProblem> p = problems(inventory(LOOP, SEGMENTS, second).replace("tenants: [wonju]", "tenants: [wonju, seoul]"));
    assertThat(p).extracting(YamlProblem::path).containsExactlyInAnyOrder("tenants[1].id", "regions[0].tenants[1]");
  }

  @Test
  void reportsBrokenYamlWithItsLine() {
    assertThatThrownBy(() -> InventoryLoader.parse("test.yaml", "schema: 1\ntenants: [\n  - id: x\n"))
        .isInstanceOf(InventoryException.class)
        .hasMessageContaining("test.yaml:")
        .hasMessageContaining("not valid YAML");
  }
}
