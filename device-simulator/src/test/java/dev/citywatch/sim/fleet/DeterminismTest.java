package dev.citywatch.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.criteria.CriteriaLoader;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.truth.GroundTruthBuilder;
import dev.citywatch.sim.truth.GroundTruthEvent;
import dev.citywatch.sim.world.MessageStream;
import dev.citywatch.sim.world.World;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DeterminismTest {
  @Test
  void theSameSeedGivesByteIdenticalPayloadsAndGroundTruth() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    // Every kind of device speaks in this one, seismic packs included.
    Scenario scenario = ScenarioLoader.load("building-fire", inventory);
    String first = digest(inventory, scenario, 42);
    assertThat(digest(inventory, scenario, 42)).isEqualTo(first);
    assertThat(digest(inventory, scenario, 43)).as("another seed").isNotEqualTo(first);
    assertThat(truth(inventory, scenario, 42)).isEqualTo(truth(inventory, scenario, 42)).contains("wonju-fr-007");
  }

  private static String digest(Inventory inventory, Scenario scenario, long seed) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    World world = new World(inventory, scenario, seed);
    MessageStream stream = new MessageStream(world, world.tenant().devices(), seed);
    while (stream.hasNext()) sha.update(PayloadEncoder.encode(stream.next()));
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String truth(Inventory inventory, Scenario scenario, long seed) {
    StringBuilder lines = new StringBuilder();
    for (GroundTruthEvent e : new GroundTruthBuilder(new World(inventory, scenario, seed), CriteriaLoader.loadDefault(), seed).build()) {
      lines.append(e.jsonLine()).append('\n');
    }
    return lines.toString();
  }
}
