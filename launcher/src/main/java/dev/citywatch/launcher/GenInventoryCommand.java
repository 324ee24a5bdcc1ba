package dev.citywatch.launcher;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.inventory.InventoryGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gen-inventory", mixinStandardHelpOptions = true,
    description = "Writes the committed inventory (Wonju, Hoengseong, Gangwon) from its deterministic generator.")
final class GenInventoryCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "inventory/gangwon.yaml", description = "Where to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--fleet-key", description = "Fleet key file (base64); default: the simulated fleet's development key.")
  Path fleetKey;

  @Option(names = "--load-devices", defaultValue = "0",
      description = "Add a 'loadtest' tenant of this many devices, for load runs with many connections (default: none).")
  int loadDevices;

  @Override
  public Integer call() throws Exception {
    FleetCredentials fleet = fleetKey == null ? FleetCredentials.development() : FleetCredentials.fromFile(fleetKey);
    String yaml = new InventoryGenerator(fleet).generate(loadDevices);
    int devices = InventoryLoader.parse(out.toString(), yaml).deviceCount();
    Files.writeString(out, yaml, StandardCharsets.UTF_8);
    System.out.printf("wrote %s: %d devices, %d lines%n", out, devices, yaml.lines().count());
    return 0;
  }
}
