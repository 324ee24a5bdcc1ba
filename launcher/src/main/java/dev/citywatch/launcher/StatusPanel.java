package dev.citywatch.launcher;

import dev.citywatch.launcher.platform.Platform;
import dev.citywatch.model.Severity;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The demo's live status: devices online, messages in per second (gateway meters), points written
 * per second (influxd's own counter, so it counts what the database really took), open alerts by
 * level, webhook deliveries by outcome, the simulator's progress and the latest alerts at the
 * receiver. On a terminal it redraws one screen every second under the fixed {@code header}; in a
 * log it prints a compact block every 10 s.
 */
final class StatusPanel implements AutoCloseable {
  private static final Duration PERIOD = Duration.ofSeconds(1);
  private static final int LOG_EVERY = 10;
  private final Platform platform;
  private final InfluxCounters influx;
  private final List<String> header;
  private final LineBuffer receiverLines;
  private final Supplier<String> simulator;
  private final Set<String> tenants;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;
  private final long startedNanos = System.nanoTime();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "citywatch-status");
    t.setDaemon(true);
    return t;
  });
  private double lastAccepted;
  private long lastPoints = -1;
  private long ticks;

  StatusPanel(Platform platform, String influxUrl, List<String> header, LineBuffer receiverLines, Supplier<String> simulator,
              PrintStream out) {
    this.platform = platform;
    this.influx = new InfluxCounters(influxUrl);
    this.header = List.copyOf(header);
    this.receiverLines = receiverLines;
    this.simulator = simulator;
    this.tenants = Set.copyOf(platform.settings().inventory().tenants().stream().map(t -> t.id()).toList());
    this.out = out;
  }

  void start() {
    timer.scheduleAtFixedRate(this::tick, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      List<String> panel = panel();
      if (terminal) {
        StringBuilder screen = new StringBuilder("\u001b[H\u001b[2J"); // home, clear: one screen, redrawn
        header.forEach(l -> screen.append(l).append('\n'));
        panel.forEach(l -> screen.append(l).append('\n'));
        screen.append("latest alerts at the webhook receiver:\n");
        receiverLines.last().forEach(l -> screen.append("  ").append(l).append('\n'));
        out.print(screen);
        out.flush();
      } else if (ticks % LOG_EVERY == 0) {
        panel.forEach(out::println);
      }
      ticks++;
    } catch (RuntimeException e) {
      out.println("[status] " + e); // a panel that cannot read a counter must not stop refreshing
    }
  }

  List<String> panel() {
    double accepted = platform.gateway().metrics().accepted();
    long points = pointsWritten();
    double inRate = ticks == 0 ? 0 : (accepted - lastAccepted) / PERIOD.toSeconds();
    double pointRate = lastPoints < 0 || points < 0 ? 0 : (points - lastPoints) / (double) PERIOD.toSeconds();
    lastAccepted = accepted;
    lastPoints = points;
    Duration up = Duration.ofNanos(System.nanoTime() - startedNanos).truncatedTo(ChronoUnit.SECONDS);
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "[status] ── %s · up %s ──", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
        up.toString().substring(2).toLowerCase(Locale.ROOT)));
    lines.add(String.format(Locale.ROOT, "[status] devices online %,d | messages in %,.0f/s (total %,.0f) | points written %s/s (total %s)",
        platform.gateway().metrics().connections(), inRate, accepted, points < 0 ? "?" : String.format(Locale.ROOT, "%,.0f", pointRate),
        points < 0 ? "?" : String.format(Locale.ROOT, "%,d", points)));
    lines.add("[status] open alerts " + openAlerts());
    lines.add("[status] webhooks " + deliveries() + platform.receiver().map(r -> String.format(Locale.ROOT,
        " | at the receiver %,d (%,d unique)", r.received().size(), r.unique().size())).orElse(" | receiver: yours (--no-receiver)"));
    lines.add("[status] simulator " + simulator.get());
    return lines;
  }

  private String openAlerts() {
    try {
      Map<Severity, Long> open = platform.alerting().openBySeverity(tenants).await(2, TimeUnit.SECONDS);
      StringBuilder s = new StringBuilder();
      for (Severity level : List.of(Severity.SEVERE, Severity.WARNING, Severity.CAUTION, Severity.ATTENTION)) {
        if (!s.isEmpty()) s.append(" · ");
        s.append(level.korean()).append(' ').append(level.name().toLowerCase(Locale.ROOT)).append(' ')
            .append(open.getOrDefault(level, 0L));
      }
      return s.toString();
    } catch (Exception e) {
      return "?";
    }
  }

  /** Webhook attempts so far by outcome (delivered, retry, failed...), from the alerting service's meters. */
  private String deliveries() {
    Map<String, Double> byOutcome = new TreeMap<>();
    for (Counter c : platform.alertingMetrics().find("citywatch.alerting.deliveries").counters()) {
      byOutcome.merge(c.getId().getTag("outcome"), c.count(), Double::sum);
    }
    if (byOutcome.isEmpty()) return "none yet";
    StringBuilder s = new StringBuilder();
    byOutcome.forEach((k, v) -> s.append(s.isEmpty() ? "" : " · ").append(k).append(' ').append(String.format(Locale.ROOT, "%,.0f", v)));
    return s.toString();
  }

  /** influxd's count of points it accepted since it started; -1 if it does not answer. */
  private long pointsWritten() {
    try {
      return influx.pointsWritten();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (terminal) out.println();
  }
}
