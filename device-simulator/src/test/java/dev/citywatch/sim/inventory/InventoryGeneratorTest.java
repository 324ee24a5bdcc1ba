package dev.citywatch.sim.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.InventoryLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InventoryGeneratorTest {
  @Test
  void theCommittedInventoryIsExactlyWhatTheGeneratorWrites() throws Exception {
    String generated = new InventoryGenerator(FleetCredentials.development()).generate();
    String committed;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(InventoryLoader.DEFAULT_RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(generated)
        .as("inventory/gangwon.yaml is stale: run ./citywatch gen-inventory")
        .isEqualTo(committed);
  }

  @Test
  void generatingTwiceGivesTheSameBytes() {
    InventoryGenerator generator = new InventoryGenerator(FleetCredentials.development());
    assertThat(generator.generate()).isEqualTo(generator.generate());
  }

  @Test
  void whatItWritesLoadsWithoutProblems() throws Exception {
    String yaml = new InventoryGenerator(FleetCredentials.development()).generate();
    assertThat(InventoryLoader.parse("generated.yaml", yaml).deviceCount()).isGreaterThanOrEqualTo(200);
  }
}
