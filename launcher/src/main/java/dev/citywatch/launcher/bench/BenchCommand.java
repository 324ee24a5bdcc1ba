package dev.citywatch.launcher.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./citywatch bench <name>}: measurements on this machine, each ending with one JSON line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks on this machine; each prints progress, a summary, and one JSON line.",
    subcommands = {IngestBench.class, PipelineBench.class, ConnectionsBench.class, SinkBench.class, DetectionBench.class,
        NabBench.class})
public final class BenchCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
