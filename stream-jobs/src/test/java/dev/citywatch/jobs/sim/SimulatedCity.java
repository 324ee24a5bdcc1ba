package dev.citywatch.jobs.sim;

import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.criteria.Criteria;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.yaml.YamlException;
import dev.citywatch.sim.scenario.Scenario;
import dev.citywatch.sim.scenario.ScenarioEvent;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.truth.GroundTruthBuilder;
import dev.citywatch.sim.truth.GroundTruthEvent;
import dev.citywatch.sim.world.MessageStream;
import dev.citywatch.sim.world.SimMessage;
import dev.citywatch.sim.world.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A simulator scenario as the detection job would receive it: every message of every device of
 * the tenant in simulated-time order, as the gateway would have enriched it, and the Last Wills
 * the gateway would publish for offline faults. Deterministic for a seed.
 */
public final class SimulatedCity {
  public static final long SEED = 20261124L;
  private final Inventory inventory;
  private final Scenario scenario;
  private final World world;

  public SimulatedCity(Inventory inventory, String scenarioName) throws YamlException {
    this(inventory, ScenarioLoader.load(scenarioName, inventory));
  }

  private SimulatedCity(Inventory inventory, Scenario scenario) {
    this.inventory = inventory;
    this.scenario = scenario;
    this.world = new World(inventory, scenario, SEED);
  }

  /** The same scenario starting at {@code start} (a test that stores points needs them inside the retention). */
  public SimulatedCity startingAt(Instant start) {
    return new SimulatedCity(inventory, scenario.startingAt(start));
  }

  public Scenario scenario() {
    return scenario;
  }

  public List<GroundTruthEvent> groundTruth(Criteria criteria) {
    return new GroundTruthBuilder(new World(inventory, scenario, SEED), criteria, SEED).build();
  }

  /** Every message of the run, lazily, in time order. */
  public Iterator<TelemetryRecord> telemetry() {
    MessageStream stream = new MessageStream(world, world.tenant().devices(), SEED);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return stream.hasNext();
      }

      @Override
      public TelemetryRecord next() {
        return record(stream.next());
      }
    };
  }

  static TelemetryRecord record(SimMessage m) {
    return new TelemetryRecord(TelemetryRecord.SCHEMA, m.tenant(), m.device().id(), m.device().kind(), m.seq(), m.device().format(),
        "sim-gateway", m.time().plusMillis(50), m.readings());
  }

  /** The gateway's status records: a Last Will when an offline fault begins, online again when it ends. */
  public List<DeviceStatus> statuses() {
    List<DeviceStatus> out = new ArrayList<>();
    for (ScenarioEvent e : scenario.events()) {
      if (e instanceof ScenarioEvent.SensorFault f && f.fault() == ScenarioEvent.FaultType.OFFLINE) {
        out.add(new DeviceStatus(DeviceStatus.SCHEMA, scenario.tenant(), f.device(), DeviceStatus.State.OFFLINE, "connection lost",
            DeviceStatus.Source.WILL, "sim-gateway", scenario.start().plus(f.at())));
        out.add(new DeviceStatus(DeviceStatus.SCHEMA, scenario.tenant(), f.device(), DeviceStatus.State.ONLINE, "connected",
            DeviceStatus.Source.GATEWAY, "sim-gateway", scenario.start().plus(f.at()).plus(f.duration())));
      }
    }
    return out;
  }
}
