package dev.citywatch.sim;

import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioEvent;
import dev.citywatch.sim.scenario.ScenarioLoader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/** {@code sim list-scenarios}. */
@Command(name = "list-scenarios", mixinStandardHelpOptions = true, description = "Lists the built-in scenarios.")
public final class ListScenariosCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    for (String name : ScenarioLoader.BUILT_IN) {
      Scenario s = ScenarioLoader.load(name, inventory);
      String events = s.events().isEmpty() ? "no events" : s.events().stream().map(ScenarioEvent::kind).distinct().collect(Collectors.joining(", "));
      System.out.printf("%-17s %-6s %-8s %s%n  %s%n", s.name(), format(s.duration()), s.tenant(), events, s.description().strip());
    }
    return 0;
  }

  private static String format(java.time.Duration d) {
    return d.toMinutes() % 60 == 0 ? d.toHours() + "h" : d.toMinutes() + "m";
  }
}
