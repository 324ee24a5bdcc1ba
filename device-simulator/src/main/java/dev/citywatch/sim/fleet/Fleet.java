package dev.citywatch.sim.fleet;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.sim.scenario.ScenarioEvent.FaultType;
import dev.citywatch.sim.scenario.ScenarioEvent.SensorFault;
import dev.citywatch.sim.world.MessageStream;
import dev.citywatch.sim.world.Noise;
import dev.citywatch.sim.world.SimMessage;
import dev.citywatch.sim.world.World;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated city on MQTT: one Paho connection per device of the scenario's tenant, publishing
 * each device's messages when simulated time reaches them. One scheduler thread walks the
 * {@link MessageStream} in simulated-time order and hands each payload to its device's client.
 */
public final class Fleet {
  private final World world;
  private final long seed;
  private final URI target;
  private final FleetCredentials credentials;
  private final double speed;
  private final double mqtt3Share;
  private final PrintStream progress;
  private final Map<String, DeviceAgent> agents = new HashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Map<String, AtomicLong> failures = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile boolean stopping;

  public Fleet(World world, long seed, URI target, FleetCredentials credentials, double speed, double mqtt3Share, PrintStream progress) {
    if (mqtt3Share < 0 || mqtt3Share > 1) throw new IllegalArgumentException("the MQTT 3.1.1 share must be 0-1, got " + mqtt3Share);
    this.world = world;
    this.seed = seed;
    this.target = target;
    this.credentials = credentials;
    this.speed = speed;
    this.mqtt3Share = mqtt3Share;
    this.progress = progress;
  }

  /** Asks a running fleet to stop after the message it is on. */
  public void stop() {
    stopping = true;
  }

  public FleetReport run(String groundTruthFile) throws InterruptedException {
    long wallStart = System.nanoTime();
    List<Device> devices = world.tenant().devices();
    Noise noise = new Noise(seed);
    for (Device d : devices) {
      boolean v5 = noise.uniform("mqtt-version", d.id().hashCode()) >= mqtt3Share;
      agents.put(d.id(), new DeviceAgent(world.tenant().id(), d, credentials.password(world.tenant().id(), d.id()), v5, target));
    }
    long connecting = System.nanoTime();
    int connected = connectAll();
    say("connected in %.1f s", (System.nanoTime() - connecting) / 1e9);
    SimClock clock = new SimClock(world.scenario().start(), speed, System.nanoTime());
    MessageStream stream = new MessageStream(world, devices, seed);
    long nextProgress = System.nanoTime();
    Instant lastTime = world.scenario().start();
    try {
      while (stream.hasNext() && !stopping) {
        SimMessage m = stream.next();
        lastTime = m.time();
        waitUntil(clock.wallNanosAt(m.time()));
        DeviceAgent agent = agents.get(m.device().id());
        applyFault(agent, m.time());
        send(agent, m);
        if (System.nanoTime() >= nextProgress) {
          report(clock, m.time());
          nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        }
      }
      waitUntil(stopping ? System.nanoTime() : clock.wallNanosAt(world.scenario().end()));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (acked.get() + failed.get() < published.get() && System.nanoTime() < deadline) Thread.sleep(50);
      report(clock, stopping ? lastTime : world.scenario().end());
    } finally {
      long closing = System.nanoTime();
      say("disconnecting %d devices...", agents.size());
      closeAll();
      say("disconnected in %.1f s", (System.nanoTime() - closing) / 1e9);
    }
    int v5 = (int) agents.values().stream().filter(DeviceAgent::mqtt5).count();
    return new FleetReport(world.scenario().name(), seed, speed, agents.size(), connected, v5, agents.size() - v5, published.get(),
        acked.get(), failed.get(), round((System.nanoTime() - wallStart) / 1e9),
        Duration.between(world.scenario().start(), stopping ? lastTime : world.scenario().end()).toSeconds(), groundTruthFile);
  }

  /** Disconnects every device cleanly, many at a time: each DISCONNECT is a network round trip. */
  private void closeAll() throws InterruptedException {
    java.util.concurrent.ExecutorService closers = java.util.concurrent.Executors.newFixedThreadPool(32);
    agents.values().forEach(a -> closers.execute(a::close));
    closers.shutdown();
    closers.awaitTermination(2, TimeUnit.MINUTES);
  }

  /** Connects every device, at most 32 handshakes at a time (each costs the gateway a password hash). */
  private int connectAll() throws InterruptedException {
    Semaphore handshakes = new Semaphore(32);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    long lastReport = System.nanoTime();
    int n = 0;
    for (DeviceAgent agent : agents.values()) {
      handshakes.acquire();
      all.add(agent.connect().whenComplete((v, e) -> {
        handshakes.release();
        if (e != null) countFailure("connect: " + e.getMessage());
      }));
      n++;
      if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(2)) {
        say("connecting devices: %d/%d", n, agents.size());
        lastReport = System.nanoTime();
      }
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      // failures are counted per device
    }
    int connected = (int) agents.values().stream().filter(DeviceAgent::connected).count();
    say("%d/%d devices connected to %s", connected, agents.size(), target);
    return connected;
  }

  /** An offline fault drops the connection at its first message and restores it at the first message after it. */
  private void applyFault(DeviceAgent agent, Instant t) {
    Optional<SensorFault> fault = world.fault(agent.device(), t);
    boolean shouldBeDown = fault.isPresent() && fault.get().fault() == FaultType.OFFLINE;
    if (shouldBeDown && agent.connected()) {
      say("%s loses its connection (Last Will)", agent.device().id());
      agent.dropConnection();
    }
  }

  private void send(DeviceAgent agent, SimMessage m) throws InterruptedException {
    if (agent.isDropped() && world.fault(agent.device(), m.time()).isEmpty()) {
      say("%s comes back", agent.device().id());
      agent.reconnect().whenComplete((v, e) -> {
        if (e != null) countFailure("reconnect: " + e.getMessage());
      });
    }
    published.incrementAndGet();
    agent.publish(PayloadEncoder.encode(m), error -> {
      if (error == null) {
        acked.incrementAndGet();
      } else {
        failed.incrementAndGet();
        countFailure(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
      }
    });
  }

  private void report(SimClock clock, Instant simNow) {
    Duration total = world.scenario().duration();
    double done = Math.min(100, 100.0 * Duration.between(world.scenario().start(), simNow).toMillis() / Math.max(1, total.toMillis()));
    double lag = Math.max(0, (System.nanoTime() - clock.wallNanosAt(simNow)) / 1e9);
    long online = agents.values().stream().filter(DeviceAgent::connected).count();
    say("%s KST (x%s, %.0f%% of %s) | devices online %d/%d | published %,d | acked %,d | failed %,d | behind %.1f s",
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(simNow.atZone(dev.citywatch.sim.world.Shapes.KST)),
        speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed), done, total, online, agents.size(),
        published.get(), acked.get(), failed.get(), lag);
    if (!failures.isEmpty()) say("failures so far by kind: %s", failures);
  }

  private void countFailure(String kind) {
    failures.computeIfAbsent(kind.length() > 100 ? kind.substring(0, 100) : kind, k -> new AtomicLong()).incrementAndGet();
  }

  private void waitUntil(long wallNanos) throws InterruptedException {
    long wait;
    while (!stopping && (wait = wallNanos - System.nanoTime()) > 0) {
      if (Thread.interrupted()) throw new InterruptedException();
      LockSupport.parkNanos(Math.min(wait, 100_000_000L));
    }
  }

  private void say(String format, Object... args) {
    progress.printf(Locale.ROOT, "[sim] " + format + "%n", args);
    progress.flush();
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
