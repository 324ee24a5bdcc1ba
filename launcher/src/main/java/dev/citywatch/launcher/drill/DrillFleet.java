package dev.citywatch.launcher.drill;

import dev.citywatch.model.SensorKind;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The devices of one drill, every one publishing numbered QoS 1 readings at a fixed rate: a slice
 * of Wonju's air-quality and fire sensors (each drill of a run has its own, so drills sharing a rig
 * never count each other's readings), or the backlog drill's load-test devices. Fire sensors can
 * be told to raise an alarm, which the detection job must turn into exactly one delivered alert.
 */
final class DrillFleet implements AutoCloseable {
  static final String TENANT = "wonju";
  private static final Duration TICK = Duration.ofMillis(50);

  private final List<DrillDevice> devices;
  private final Instant start;
  private final Clock clock;
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "drill-fleet"));
  private int alarmsRaised;
  private volatile Duration watchdog;

  private DrillFleet(List<DrillDevice> devices, Instant start, Clock clock) {
    this.devices = devices;
    this.start = start;
    this.clock = clock;
  }

  /**
   * Connects slice {@code slice} of {@code slices} of the tenant's air-quality and fire sensors,
   * each publishing every {@code period} and careful to stay below its publish rate, and starts publishing.
   */
  static DrillFleet start(Inventory inventory, String[] gateways, int slice, int slices, Duration period, Clock clock)
      throws Exception {
    FleetCredentials keys = FleetCredentials.development();
    List<DrillDevice> devices = new ArrayList<>();
    for (SensorKind kind : List.of(SensorKind.AIR_QUALITY, SensorKind.FIRE)) {
      List<Device> all = inventory.tenant(TENANT).orElseThrow().devices().stream().filter(d -> d.kind() == kind)
          .sorted(Comparator.comparing(Device::id)).toList();
      int size = all.size() / slices;
      for (Device d : all.subList(slice * size, (slice + 1) * size)) {
        devices.add(new DrillDevice(TENANT, d.id(), kind, keys.password(TENANT, d.id()), gateways, period,
            DrillDevice.Behaviour.CAREFUL));
      }
    }
    return connectAndStart(devices, clock, n -> { });
  }

  /**
   * Connects the first {@code count} devices of tenant {@code tenant} (load-test air-quality devices),
   * each publishing every {@code period} as a stock client does: what it queued while it could not
   * reach a gateway goes on the wire at once when it can, up to {@code inflight} unanswered.
   */
  static DrillFleet stockClients(Inventory inventory, String tenant, int count, String[] gateways, Duration period, int inflight,
                                 Clock clock, java.util.function.IntConsumer connected) throws Exception {
    FleetCredentials keys = FleetCredentials.development();
    List<Device> all = inventory.tenant(tenant).orElseThrow(() -> new IllegalArgumentException("no tenant " + tenant + " in the inventory"))
        .devices().stream().sorted(Comparator.comparing(Device::id)).toList();
    if (all.size() < count) throw new IllegalArgumentException("tenant " + tenant + " has " + all.size() + " devices, not " + count);
    List<DrillDevice> devices = new ArrayList<>();
    for (Device d : all.subList(0, count)) {
      devices.add(new DrillDevice(tenant, d.id(), d.kind(), keys.password(tenant, d.id()), gateways, period,
          DrillDevice.Behaviour.stock(inflight)));
    }
    return connectAndStart(devices, clock, connected);
  }

  /** Connects every device, then all start publishing: reading 0 is timed now. */
  private static DrillFleet connectAndStart(List<DrillDevice> devices, Clock clock, java.util.function.IntConsumer connected)
      throws Exception {
    // All at once: Paho takes about 0.3 s per connect, which one after another is minutes for a thousand devices.
    List<org.eclipse.paho.client.mqttv3.IMqttToken> tokens = new ArrayList<>();
    for (DrillDevice d : devices) tokens.add(d.connect());
    for (int i = 0; i < tokens.size(); i++) {
      tokens.get(i).waitForCompletion(120_000);
      connected.accept(i + 1);
    }
    Instant start = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    devices.forEach(d -> d.begin(start));
    DrillFleet fleet = new DrillFleet(devices, start, clock);
    fleet.ticker.scheduleAtFixedRate(fleet::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    return fleet;
  }

  private void tick() {
    Instant now = clock.instant();
    double seconds = TICK.toNanos() / 1e9;
    long nanos = System.nanoTime();
    for (DrillDevice d : devices) {
      d.tick(now, seconds);
      Duration limit = watchdog;
      if (limit != null) {
        try {
          d.watchdog(nanos, limit);
        } catch (Exception e) {
          // the next tick tries again
        }
      }
    }
  }

  /** From now on each device replaces a client that has not been connected for {@code limit} ({@link DrillDevice#watchdog}). */
  void watchdog(Duration limit) {
    this.watchdog = limit;
  }

  /** Clients the devices' watchdogs replaced. */
  int clientRestarts() {
    return devices.stream().mapToInt(DrillDevice::restarts).sum();
  }

  /** The next reading of the next fire sensor that has not alarmed yet is a fire; returns its id. */
  synchronized String raiseAlarm() {
    DrillDevice d = devices.stream().filter(x -> x.kind() == SensorKind.FIRE).skip(alarmsRaised).findFirst()
        .orElseThrow(() -> new IllegalStateException("every fire sensor of the drill has raised its alarm"));
    alarmsRaised++;
    d.raiseAlarm();
    return d.id();
  }

  /** Stops generating readings (those queued are still sent). */
  void stopGenerating(Instant end) {
    for (DrillDevice d : devices) d.stopAt(end);
  }

  /** Stops generating readings and waits until every one sent is PUBACKed; false on timeout. */
  boolean stopAndDrain(Duration timeout) throws InterruptedException {
    Instant end = clock.instant();
    for (DrillDevice d : devices) d.stopAt(end);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (devices.stream().allMatch(DrillDevice::drained)) return true;
      Thread.sleep(100);
    }
    return false;
  }

  List<DrillDevice> devices() {
    return devices;
  }

  Instant start() {
    return start;
  }

  long sent() {
    return devices.stream().mapToLong(d -> d.sent().cardinality()).sum();
  }

  long acked() {
    return devices.stream().mapToLong(d -> d.acked().cardinality()).sum();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    devices.forEach(DrillDevice::close);
  }
}
