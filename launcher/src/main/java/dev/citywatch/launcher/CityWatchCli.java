package dev.citywatch.launcher;

import dev.citywatch.launcher.bench.BenchCommand;
import dev.citywatch.sim.SimulatorCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./citywatch}: one entry point for running CityWatch on this machine. */
@Command(
    name = "citywatch",
    mixinStandardHelpOptions = true,
    version = "CityWatch 0.1.0",
    description = "Runs CityWatch on this machine.",
    subcommands = {DemoCommand.class, GenInventoryCommand.class, SimulatorCli.class, BenchCommand.class,
        WebhookReceiverCommand.class, DemoCredentialsCommand.class, dev.citywatch.launcher.drill.DrillCommand.class})
public final class CityWatchCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    // Kafka's server jars bring a log4j2.yaml that would win over a log4j2.xml; name ours explicitly.
    if (System.getProperty("log4j2.configurationFile") == null) {
      System.setProperty("log4j2.configurationFile", "citywatch-log4j2.xml");
    }
    CommandLine cli = new CommandLine(new CityWatchCli());
    // A bad file or option is the user's to fix: say what is wrong, without a stack trace.
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof dev.citywatch.model.yaml.YamlException || e instanceof IllegalArgumentException
          || e instanceof java.io.IOException) {
        line.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    System.exit(cli.execute(args));
  }
}
