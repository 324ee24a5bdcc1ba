package dev.citywatch.sim;

import dev.citywatch.model.criteria.Criteria;
import dev.citywatch.model.criteria.CriteriaLoader;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options every simulator command shares: which city, which scenario, which seed, which criteria. */
public final class SimulationSetup {
  @Option(names = "--inventory", description = "Inventory file (default: the committed inventory).")
  Path inventory;

  @Option(names = "--scenario", required = true, description = "A built-in scenario (see list-scenarios) or a scenario file.")
  String scenario;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of all randomness; the same seed gives the same run (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--criteria", description = "Detection criteria file (default: the shipped citywatch/criteria.yaml).")
  Path criteria;

  public Inventory inventory() throws Exception {
    return InventoryLoader.loadOrDefault(Optional.ofNullable(inventory));
  }

  public Scenario scenario(Inventory inv) throws Exception {
    return ScenarioLoader.load(scenario, inv);
  }

  public Criteria criteria() throws Exception {
    return CriteriaLoader.loadOrDefault(Optional.ofNullable(criteria));
  }

  public long seed() {
    return seed;
  }
}
