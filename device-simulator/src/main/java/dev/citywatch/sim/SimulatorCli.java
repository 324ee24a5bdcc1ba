package dev.citywatch.sim;

import dev.citywatch.sim.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./citywatch sim}: the simulated city and the load generator. */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = "The device simulator: a living city of devices, scenarios and a load generator.",
    subcommands = {RunCommand.class, ListScenariosCommand.class, TruthCommand.class, LoadCommand.class, PasswordCommand.class})
public final class SimulatorCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorCli()).execute(args));
  }
}
