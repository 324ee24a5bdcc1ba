package dev.citywatch.sim;

import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.truth.GroundTruthBuilder;
import dev.citywatch.sim.truth.GroundTruthEvent;
import dev.citywatch.sim.world.World;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sim truth}: the ground truth of a scenario, without running it. */
@Command(name = "truth", mixinStandardHelpOptions = true,
    description = "Prints the ground truth of a scenario (JSONL: each injected event and the alerts it should raise) without running it.")
public final class TruthCommand implements Callable<Integer> {
  @Mixin
  SimulationSetup setup;

  @Override
  public Integer call() throws Exception {
    Inventory inventory = setup.inventory();
    Scenario scenario = setup.scenario(inventory);
    List<GroundTruthEvent> truth = new GroundTruthBuilder(new World(inventory, scenario, setup.seed()), setup.criteria(), setup.seed()).build();
    truth.forEach(e -> System.out.println(e.jsonLine()));
    return 0;
  }
}
