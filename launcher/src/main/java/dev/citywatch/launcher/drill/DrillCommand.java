package dev.citywatch.launcher.drill;

import dev.citywatch.launcher.platform.ProcessRig;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.testkit.Dirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./citywatch drill <name>|all}: the long variants of the fault drills, each on a rig of its own. */
@Command(name = "drill", mixinStandardHelpOptions = true,
    description = {"Fault drills: kill or stop a real part of the platform under load and check, reading by reading, that",
        "every PUBACKed message is stored exactly once and every alert delivered once. Prints progress, a",
        "summary line per drill and one JSON line. Drills: gateway-kill, kafka-outage, influx-outage,",
        "flink-failure, receiver-outage, alerting-kill, backlog (1,000 devices back from a 60 s outage, each",
        "sending 200 queued readings at once), or all."})
public final class DrillCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DRILL", description = "a drill's name, or 'all'")
  String name;

  @Option(names = "--short", description = "the short variant of ./citywatch test (shorter outages, fewer devices)")
  boolean shortVariant;

  @Override
  public Integer call() throws Exception {
    List<Drill> drills = "all".equals(name) ? List.of(Drill.values())
        : List.of(Drill.byId(name).orElseThrow(() -> new picocli.CommandLine.ParameterException(
            new picocli.CommandLine(this), "unknown drill '" + name + "'; one of "
                + Arrays.stream(Drill.values()).map(Drill::id).toList() + " or all")));
    DrillPlan plan = shortVariant ? DrillPlan.SHORT : DrillPlan.LONG;
    List<DrillReport> reports = new ArrayList<>();
    // The short variants share one rig, as in ./citywatch test; a long drill gets a fresh one.
    List<List<Drill>> rigs = shortVariant ? List.of(drills) : drills.stream().map(List::of).toList();
    for (List<Drill> onRig : rigs) {
      Path dir = Files.createTempDirectory("citywatch-drill-");
      int loadDevices = onRig.contains(Drill.BACKLOG) ? plan.backlogDevices() : 0;
      try (ProcessRig rig = ProcessRig.start(ProcessRig.Options.forDrills(dir, plan.retryMax(), loadDevices), System.out)) {
        DrillRunner runner = new DrillRunner(rig, InventoryLoader.loadDefault(), plan, System.out);
        for (Drill drill : onRig) reports.add(runner.run(drill));
      } finally {
        Dirs.deleteTree(dir);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("drills", reports.stream().map(DrillReport::json).toList());
    result.put("variant", plan.name());
    result.put("cores", Runtime.getRuntime().availableProcessors());
    if (reports.size() > 1) reports.forEach(r -> System.out.println(r.summary()));
    System.out.println(new String(WireJson.write(result), StandardCharsets.UTF_8));
    return reports.stream().allMatch(DrillReport::passed) ? 0 : 1;
  }
}
