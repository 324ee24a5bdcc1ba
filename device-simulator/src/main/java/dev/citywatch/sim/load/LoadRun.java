package dev.citywatch.sim.load;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one load run: opens the connections over the ramp-up, sends for the warm-up and the
 * measured duration (as fast as each connection's window allows, or at a fixed offered rate),
 * waits for what is in flight, and reports.
 */
public final class LoadRun {
  private enum Phase { WARM_UP, MEASURE, STOPPED }

  private final LoadOptions options;
  private final List<LoadDevice> devices;
  private final PrintStream progress;
  private final Recorder latencies = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicInteger inflight = new AtomicInteger();
  private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
  private volatile Phase phase = Phase.WARM_UP;
  private volatile CountDownLatch go;

  public LoadRun(LoadOptions options, List<LoadDevice> devices, PrintStream progress) {
    if (devices.size() < options.connections()) {
      throw new IllegalArgumentException(devices.size() + " devices for " + options.connections() + " connections");
    }
    this.options = options;
    this.devices = devices.subList(0, options.connections());
    this.progress = progress;
  }

  /**
   * Measures only once {@code go} is counted down (after the warm-up, which goes on meanwhile): a
   * benchmark that watches the processes under load decides when they are warm. Waits 10 minutes
   * at most, then measures anyway and says so.
   */
  public LoadRun measuringOnSignal(CountDownLatch go) {
    this.go = go;
    return this;
  }

  /** One connection and what it has in flight. */
  private final class Connection {
    final LoadClient client;
    final LoadDevice device;
    final PayloadFactory payloads;
    final AtomicInteger window = new AtomicInteger();
    final AtomicLong seq = new AtomicLong();
    volatile boolean up;

    Connection(LoadClient client, LoadDevice device) {
      this.client = client;
      this.device = device;
      this.payloads = new PayloadFactory(device.device().kind(), options.payloadBytes());
    }
  }

  public LoadReport run() throws InterruptedException {
    Vertx vertx = options.client() == LoadOptions.ClientKind.VERTX ? Vertx.vertx() : null;
    List<Connection> connections = new ArrayList<>();
    for (LoadDevice d : devices) {
      LoadClient client = vertx == null ? new PahoLoadClient(options, d) : new VertxLoadClient(vertx, options, d);
      connections.add(new Connection(client, d));
    }
    try {
      long connectStart = System.nanoTime();
      int failures = connectAll(connections);
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      int connected = (int) connections.stream().filter(c -> c.up).count();
      say("%d/%d connected in %.1f s (%d failed)", connected, connections.size(), connectSeconds, failures);

      if (options.connectStorm()) {
        sleepWithProgress(options.duration().toMillis(), "holding " + connected + " connections");
        phase = Phase.STOPPED;
        return report(connections.size(), connected, failures, connectSeconds, options.duration().toMillis() / 1000.0, 0, 0);
      }
      Thread pacer = options.rate() > 0 ? new Thread(() -> pace(connections), "load-pacer") : null;
      if (pacer != null) pacer.start();
      if (pacer == null) connections.stream().filter(c -> c.up).forEach(this::fill);
      sleepWithProgress(options.warmUp().toMillis(), "warm-up");
      if (pacer != null) awaitSteady();
      if (go != null) awaitGo();
      latencies.reset();
      sent.set(0);
      acked.set(0);
      errors.set(0);
      skipped.set(0);
      phase = Phase.MEASURE;
      say("measuring for %d s", options.duration().toSeconds()); // a benchmark driving this process starts its clocks here
      long measureStart = System.nanoTime();
      sleepWithProgress(options.duration().toMillis(), "measure");
      phase = Phase.STOPPED;
      double seconds = (System.nanoTime() - measureStart) / 1e9;
      long ackedInWindow = acked.get();
      long sentInWindow = sent.get();
      if (pacer != null) pacer.join();
      total.add(latencies.getIntervalHistogram());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (inflight.get() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
      LoadReport report = report(connections.size(), connected, failures, connectSeconds, seconds, sentInWindow, ackedInWindow);
      if (!errorKinds.isEmpty()) say("errors by kind: %s", errorKinds);
      return report;
    } finally {
      connections.forEach(c -> c.client.disconnect());
      if (vertx != null) {
        try {
          vertx.close().await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          say("Vert.x did not close within 10 s");
        }
      }
    }
  }

  /** Opens every connection, spread over the ramp-up, at most 64 handshakes at a time (a storm: 512). */
  private int connectAll(List<Connection> connections) throws InterruptedException {
    Semaphore handshakes = new Semaphore(options.connectStorm() ? 512 : 64);
    AtomicInteger failures = new AtomicInteger();
    long start = System.nanoTime();
    long gapNanos = connections.size() > 1 ? options.rampUp().toNanos() / connections.size() : 0;
    List<CompletableFuture<Void>> all = new ArrayList<>();
    long lastReport = System.nanoTime();
    for (int i = 0; i < connections.size(); i++) {
      long due = start + i * gapNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) LockSupport.parkNanos(wait);
      handshakes.acquire();
      Connection c = connections.get(i);
      all.add(c.client.connect().whenComplete((v, e) -> {
        handshakes.release();
        if (e == null) {
          c.up = true;
        } else {
          failures.incrementAndGet();
          countError("connect: " + rootMessage(e));
        }
      }));
      if (System.nanoTime() - lastReport > 1_000_000_000L) {
        say("connecting: %d/%d", i + 1, connections.size());
        lastReport = System.nanoTime();
      }
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      // failures were counted one by one
    }
    return failures.get();
  }

  /** Closed loop: keep the connection's window full. */
  private void fill(Connection c) {
    while (phase != Phase.STOPPED && c.up && c.window.get() < options.window()) {
      c.window.incrementAndGet();
      send(c, System.nanoTime(), true);
    }
  }

  /** Open loop: messages fall due at the offered rate, spread round-robin over the connections. */
  private void pace(List<Connection> connections) {
    List<Connection> up = connections.stream().filter(c -> c.up).toList();
    if (up.isEmpty()) return;
    long interval = (long) (1e9 / options.rate());
    long due = System.nanoTime();
    long k = 0;
    while (phase != Phase.STOPPED) {
      long now = System.nanoTime();
      if (due > now) {
        LockSupport.parkNanos(Math.min(due - now, 1_000_000));
        continue;
      }
      Connection c = up.get((int) (k++ % up.size()));
      if (c.window.get() < options.window()) {
        c.window.incrementAndGet();
        send(c, due, false);
      } else if (phase == Phase.MEASURE) {
        skipped.incrementAndGet();
      }
      due += interval;
    }
  }

  private void send(Connection c, long dueNanos, boolean closedLoop) {
    inflight.incrementAndGet();
    sent.incrementAndGet();
    byte[] payload = c.payloads.payload(c.seq.incrementAndGet(), Instant.now());
    c.client.publish(c.device.topic(), payload, options.qos(), error -> {
      inflight.decrementAndGet();
      c.window.decrementAndGet();
      if (error == null) {
        acked.incrementAndGet();
        if (options.qos() == 1 && phase == Phase.MEASURE) latencies.recordValue(Math.max(1, (System.nanoTime() - dueNanos) / 1_000));
      } else {
        errors.incrementAndGet();
        countError(rootMessage(error));
      }
      if (error != null) {
        c.up = c.up && !(error instanceof IllegalStateException && "connection closed".equals(error.getMessage()));
      }
      if (closedLoop) fill(c);
    });
  }

  /**
   * At a paced rate, warms up on until the system keeps up: {@value #STEADY_SECONDS} s in a row with
   * less than a tenth of a second's messages unacknowledged. Cold processes on a small box (the JIT
   * compiling every hot path at once) fall behind for a while, and what they owe then would
   * otherwise be measured as the steady state's latency. Gives up waiting after two minutes.
   */
  private void awaitSteady() throws InterruptedException {
    long settled = Math.max(50, Math.round(options.rate() / 10));
    long start = System.nanoTime();
    int steady = 0;
    while (steady < STEADY_SECONDS) {
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(2)) {
        say("warm-up: still %,d in flight after two more minutes; measuring anyway", inflight.get());
        return;
      }
      sleepWithProgress(1_000, "warm-up until steady");
      steady = inflight.get() < settled ? steady + 1 : 0;
    }
  }

  private static final int STEADY_SECONDS = 5;

  private void awaitGo() throws InterruptedException {
    long start = System.nanoTime();
    while (go.getCount() > 0) {
      if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
        say("warm-up: not told to measure within 10 minutes; measuring anyway");
        return;
      }
      sleepWithProgress(1_000, "warm-up until told to measure");
    }
  }

  private void sleepWithProgress(long millis, String what) throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    long lastAcked = acked.get();
    while (System.currentTimeMillis() < end) {
      Thread.sleep(Math.min(1_000, Math.max(1, end - System.currentTimeMillis())));
      long now = acked.get();
      Histogram interval = latencies.getIntervalHistogram();
      if (phase == Phase.MEASURE) total.add(interval);
      say("%s: sent %,d  acked %,d  (%,d/s)  errors %,d  in flight %,d%s", what, sent.get(), now, now - lastAcked, errors.get(),
          inflight.get(), options.qos() == 1 && interval.getTotalCount() > 0
              ? String.format(Locale.ROOT, "  p99 %.2f ms", interval.getValueAtPercentile(99) / 1000.0) : "");
      lastAcked = now;
    }
  }

  private LoadReport report(int connections, int connected, int failures, double connectSeconds, double seconds, long sentInWindow,
                            long ackedInWindow) {
    LoadReport.Latency latency = options.qos() == 1 && total.getTotalCount() > 0
        ? new LoadReport.Latency(ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(99)),
            ms(total.getValueAtPercentile(99.9)), ms(total.getMaxValue()), Math.round(total.getMean() / 10.0) / 100.0)
        : null;
    int payloadBytes = devices.isEmpty() ? 0 : new PayloadFactory(devices.get(0).device().kind(), options.payloadBytes())
        .payload(1_000_000, Instant.now()).length;
    return new LoadReport(options.connectStorm() ? "connect-storm" : "load", options.clientName(), options.target().toString(), connections, connected, failures,
        round(connected / Math.max(connectSeconds, 1e-3)), options.qos(), payloadBytes, options.rate(), round(seconds), sentInWindow,
        ackedInWindow, errors.get(), skipped.get(), inflight.get(), round(ackedInWindow / seconds), latency,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
  }

  private void countError(String kind) {
    errorKinds.computeIfAbsent(kind.length() > 80 ? kind.substring(0, 80) : kind, k -> new AtomicLong()).incrementAndGet();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  private static double round(double v) {
    return Math.round(v * 10.0) / 10.0;
  }

  private void say(String format, Object... args) {
    progress.printf("[load] " + format + "%n", args);
  }
}
