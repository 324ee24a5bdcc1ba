package dev.citywatch.sim;

import dev.citywatch.model.Topics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.sim.fleet.Fleet;
import dev.citywatch.sim.fleet.FleetReport;
import dev.citywatch.sim.fleet.PayloadEncoder;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.truth.GroundTruthBuilder;
import dev.citywatch.sim.truth.GroundTruthEvent;
import dev.citywatch.sim.world.MessageStream;
import dev.citywatch.sim.world.SimMessage;
import dev.citywatch.sim.world.World;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sim run}: plays a scenario with the whole fleet over MQTT, after writing its ground truth. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Plays a scenario: one MQTT connection per device of the scenario's tenant, publishing what the simulated city measures.",
        "Writes the ground truth (JSONL) first. With --dry-run, writes the payloads instead of sending them."})
public final class RunCommand implements Callable<Integer> {
  @Mixin
  SimulationSetup setup;

  @Option(names = "--target", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker or gateway (default: ${DEFAULT-VALUE}).")
  URI target;

  @Option(names = "--speed", defaultValue = "60", description = "Simulated seconds per wall-clock second (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--mqtt3-share", defaultValue = "0.2", description = "Share of devices that speak MQTT 3.1.1 instead of 5 (default: ${DEFAULT-VALUE}).")
  double mqtt3Share;

  @Option(names = "--fleet-key", description = "Fleet key file of the inventory's devices (default: the simulated fleet's).")
  Path fleetKey;

  @Option(names = "--ground-truth", description = "Where to write the ground truth (default: var/sim/<scenario>-seed<N>.truth.jsonl).")
  Path groundTruth;

  @Option(names = "--dry-run", description = "Send nothing; write every payload (JSONL: time, topic, payload) to --out, and their SHA-256.")
  boolean dryRun;

  @Option(names = "--out", description = "With --dry-run: the payload file (default: standard output).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Inventory inventory = setup.inventory();
    Scenario scenario = setup.scenario(inventory);
    World world = new World(inventory, scenario, setup.seed());
    Path truthFile = groundTruth != null ? groundTruth : Path.of("var", "sim", scenario.name() + "-seed" + setup.seed() + ".truth.jsonl");
    List<GroundTruthEvent> truth = new GroundTruthBuilder(world, setup.criteria(), setup.seed()).build();
    writeTruth(truthFile, truth);
    long expected = truth.stream().mapToLong(e -> e.expectedAlerts().size()).sum();
    System.err.printf("[sim] scenario %s (%s, tenant %s), seed %d: %d events, %d expected alerts; ground truth in %s%n",
        scenario.name(), scenario.duration(), scenario.tenant(), setup.seed(), scenario.events().size(), expected, truthFile);
    if (dryRun) {
      return dryRun(world);
    }
    FleetCredentials fleet = fleetKey == null ? FleetCredentials.development() : FleetCredentials.fromFile(fleetKey);
    Fleet simulation = new Fleet(world, setup.seed(), target, fleet, speed, mqtt3Share, System.err);
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      simulation.stop();
      try {
        finished.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "sim-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    FleetReport report;
    try {
      report = simulation.run(truthFile.toString());
    } finally {
      finished.countDown();
    }
    System.out.println(report.json());
    return report.connected() == report.devices() && report.failed() == 0 ? 0 : 1;
  }

  private static void writeTruth(Path file, List<GroundTruthEvent> truth) throws IOException {
    if (file.getParent() != null) Files.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (GroundTruthEvent e : truth) {
        w.write(e.jsonLine());
        w.write('\n');
      }
    }
  }

  private int dryRun(World world) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long messages = 0;
    try (Writer w = out == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
        : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      MessageStream stream = new MessageStream(world, world.tenant().devices(), setup.seed());
      while (stream.hasNext()) {
        SimMessage m = stream.next();
        byte[] payload = PayloadEncoder.encode(m);
        sha.update(payload);
        w.write("{\"time\":\"" + m.time() + "\",\"topic\":\"" + Topics.telemetryTopic(m.tenant(), m.device().id()) + "\",\"payload\":");
        w.write(new String(payload, StandardCharsets.UTF_8));
        w.write("}\n");
        messages++;
      }
    }
    System.err.printf("[sim] dry run: %,d payloads, SHA-256 %s%n", messages, HexFormat.of().formatHex(sha.digest()));
    return 0;
  }
}
