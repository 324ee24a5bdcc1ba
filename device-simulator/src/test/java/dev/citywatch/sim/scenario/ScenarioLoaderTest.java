package dev.citywatch.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ScenarioLoaderTest {
  private static Inventory inventory;
  static final java.util.List<String> BUILT_IN = ScenarioLoader.BUILT_IN;

  @BeforeAll
  static void load() throws Exception {
    inventory = InventoryLoader.loadDefault();
  }

  @ParameterizedTest
  @FieldSource("BUILT_IN")
  void everyBuiltInScenarioLoadsAndValidates(String name) throws Exception {
    Scenario s = ScenarioLoader.load(name, inventory);
    assertThat(s.name()).isEqualTo(name);
    assertThat(s.description()).isNotBlank();
    assertThat(s.duration()).isPositive();
  }

  @Test
  void everyScenarioFileShipsInTheBuiltInList() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/scenarios"))) {
      assertThat(files.map(p -> p.getFileName().toString().replace(".yaml", ""))).containsExactlyInAnyOrderElementsOf(BUILT_IN);
    }
  }

  @Test
  void aBrokenScenarioNamesEveryMistakeWithItsLine() {
    String yaml = """
        name: broken
        description: many mistakes at once
        start: 2026-07-14 02:00
        duration: 1h
        tenant: wonju
        events:
          - id: s1
            kind: rain_storm
            at: 10m
            duration: 2h
            centre: {lat: 36.0, lon: 127.9}
            radius_km: 9
            peak_mm_per_h: 500
          - id: s1
            kind: building_fire
            at: 5m
            duration: 10m
            device: wonju-rg-001
          - id: crash
            kind: traffic_incident
            at: 5m
            duration: 10m
            segment: no-such-road-nb-1
            capacity_loss: 0.5
          - id: quake
            kind: meteor
            at: 1m
        """;
    assertThatThrownBy(() -> ScenarioLoader.parse("broken.yaml", yaml, inventory))
        .isInstanceOf(YamlException.class)
        .hasMessageContaining("broken.yaml:3: start: must be a date-time with offset")
        .hasMessageContaining("broken.yaml:7: events[0]: ends at PT2H10M, after the scenario's PT1H")
        .hasMessageContaining("broken.yaml:11: events[0].centre: lat 36.0, lon 127.9 lies outside the tenant's bounds")
        .hasMessageContaining("broken.yaml:13: events[0].peak_mm_per_h: must be between 0.1 and 200.0, got 500.0")
        .hasMessageContaining("broken.yaml:14: events[1].id: duplicate event id 's1'")
        .hasMessageContaining("broken.yaml:18: events[1].device: 'wonju-rg-001' is a rain_gauge, not a fire")
        .hasMessageContaining("broken.yaml:23: events[2].segment: no road segment 'no-such-road-nb-1' in tenant wonju")
        .hasMessageContaining("broken.yaml:26: events[3].kind: unknown event kind 'meteor'");
  }

  @Test
  void anUnknownScenarioNameSaysWhichOnesExist() {
    assertThatThrownBy(() -> ScenarioLoader.load("hurricane", inventory))
        .hasMessageContaining("no such scenario file, and not a built-in scenario (flash-flood, typhoon");
  }
}
