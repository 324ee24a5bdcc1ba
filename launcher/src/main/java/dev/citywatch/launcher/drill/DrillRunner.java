package dev.citywatch.launcher.drill;

import dev.citywatch.launcher.platform.ProcessRig;
import dev.citywatch.launcher.FlinkCluster;
import dev.citywatch.model.inventory.Inventory;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plays one drill on a rig: devices publish, one alarm is raised before the fault, one while it
 * lasts and one after the repair; the fault is injected and repaired; then every PUBACKed reading
 * is looked up in InfluxDB by its number and every alarm's alert at the receiver.
 */
public final class DrillRunner {
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);

  private final ProcessRig rig;
  private final Inventory inventory;
  private final DrillPlan plan;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();

  public DrillRunner(ProcessRig rig, Inventory inventory, DrillPlan plan, PrintStream out) {
    this.rig = rig;
    this.inventory = inventory;
    this.plan = plan;
    this.out = out;
  }

  public DrillReport run(Drill drill) throws Exception {
    out.printf("[drill %s] %s (%s variant)%n", drill.id(), drill.fault(), plan.name());
    if (drill == Drill.BACKLOG) return new BacklogDrill(rig, plan, out).run();
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> alarms = new LinkedHashSet<>();
    int slice = plan.devicesShare() == 1 ? 0 : drill.ordinal();
    try (DrillFleet fleet = DrillFleet.start(inventory, rig.gatewayUris(), slice, plan.devicesShare(), plan.period(), clock);
         DrillLedger ledger = new DrillLedger(rig.influx().url())) {
      out.printf("[drill %s] %d devices publishing a numbered reading every %d ms%n", drill.id(), fleet.devices().size(),
          plan.period().toMillis());
      pause(plan.warmUp(), drill, fleet);
      alarms.add(fleet.raiseAlarm());
      Instant repaired = inject(drill, fleet, alarms, notes, problems);
      double recovery = awaitRecovery(drill, fleet, ledger, repaired, Set.copyOf(alarms));
      if (Double.isNaN(recovery)) problems.add("not caught up within " + RECOVERY_TIMEOUT.toMinutes() + " min of the repair");
      pause(plan.tail(), drill, fleet);
      alarms.add(fleet.raiseAlarm());
      pause(Duration.ofSeconds(2), drill, fleet);
      if (!fleet.stopAndDrain(SETTLE_TIMEOUT)) problems.add("some readings were never PUBACKed within " + SETTLE_TIMEOUT.toMinutes() + " min");
      return settle(drill, fleet, ledger, alarms, recovery, notes, problems);
    } finally {
      rig.repairAll();
    }
  }

  /** Injects the fault and repairs it; returns when the repair was made. */
  private Instant inject(Drill drill, DrillFleet fleet, Set<String> alarms, List<String> notes, List<String> problems) throws Exception {
    switch (drill) {
      case GATEWAY_KILL -> {
        rig.primaryGateway().kill();
        alarms.add(fleet.raiseAlarm());
        return clock.instant(); // the standby is already there: failing over is the repair
      }
      case KAFKA_OUTAGE -> {
        rig.kafka().stop();
        Instant stopped = clock.instant();
        alarms.add(fleet.raiseAlarm());
        Instant notReady = awaitReadiness(503, plan.kafkaOutage());
        if (notReady == null) problems.add("gateway readiness did not turn false while Kafka was down");
        else notes.add(String.format("readiness false %.1f s after Kafka stopped", seconds(stopped, notReady)));
        pauseUntil(stopped.plus(plan.kafkaOutage()), drill, fleet);
        rig.kafka().restart();
        Instant back = clock.instant();
        Instant ready = awaitReadiness(200, Duration.ofMinutes(2));
        if (ready == null) problems.add("gateway readiness did not return after Kafka came back");
        else notes.add(String.format("ready again %.1f s after Kafka restarted", seconds(back, ready)));
        return back;
      }
      case INFLUX_OUTAGE -> {
        rig.influx().stop();
        Instant stopped = clock.instant();
        alarms.add(fleet.raiseAlarm());
        pause(plan.influxOutage(), drill, fleet);
        FlinkCluster.Checkpoints whileDown = rig.storageCheckpoints();
        rig.influx().restart();
        Instant back = clock.instant();
        checkNoCheckpointWhileDown(stopped, whileDown, notes, problems);
        awaitCheckpointAfter(back, drill, notes, problems);
        return back;
      }
      case FLINK_FAILURE -> {
        rig.flink().replaceTaskManager();
        alarms.add(fleet.raiseAlarm());
        return clock.instant();
      }
      case RECEIVER_OUTAGE -> {
        rig.stopReceiver();
        long before = rig.failedWebhookAttempts();
        alarms.add(fleet.raiseAlarm());
        pause(plan.receiverOutage(), drill, fleet);
        long failed = rig.failedWebhookAttempts() - before;
        if (failed < 1) problems.add("no webhook attempt failed while the receiver was down: was it really away?");
        else notes.add(failed + " webhook attempts failed during the outage");
        rig.startReceiver();
        return clock.instant();
      }
      case ALERTING_KILL -> {
        rig.stopReceiver();
        long before = rig.failedWebhookAttempts();
        alarms.add(fleet.raiseAlarm());
        long failed = awaitFailedAttempts(before + 2, Duration.ofMinutes(1));
        if (failed < before + 2) problems.add("the alerting service never retried a webhook before it was killed");
        else notes.add("killed after " + (failed - before) + " failed webhook attempts");
        rig.alerting().kill();
        rig.startReceiver();
        rig.alerting().restart();
        return clock.instant();
      }
      default -> throw new IllegalArgumentException("no such drill: " + drill);
    }
  }

  /**
   * Seconds from the repair until every reading timed before it is in InfluxDB and every alarm
   * raised before it has its alert at the receiver; NaN if that does not happen in time.
   */
  private double awaitRecovery(Drill drill, DrillFleet fleet, DrillLedger ledger, Instant repaired, Set<String> alarms)
      throws InterruptedException {
    long expected = fleet.devices().stream().mapToLong(d -> Math.min(d.generated(), countUpTo(repaired, fleet))).sum();
    Instant deadline = repaired.plus(RECOVERY_TIMEOUT);
    long lastReport = 0;
    while (clock.instant().isBefore(deadline)) {
      long stored = ledger.storedBetween(fleet.devices(), fleet.start(), repaired);
      boolean delivered = DrillLedger.alerts(rig.receiver(), alarms).deliveredAll(alarms);
      if (stored >= expected && delivered) return seconds(repaired, clock.instant());
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        lastReport = System.nanoTime();
        out.printf("[drill %s] catching up: %,d of %,d readings from before the repair stored, alerts %s%n", drill.id(),
            Math.max(0, stored), expected, delivered ? "delivered" : "pending");
      }
      Thread.sleep(250);
    }
    return Double.NaN;
  }

  private long countUpTo(Instant t, DrillFleet fleet) {
    return Duration.between(fleet.start(), t).toNanos() / plan.period().toNanos() + 1;
  }

  /** Waits until every PUBACKed reading is stored and every alarm delivered (or time runs out), then counts. */
  private DrillReport settle(Drill drill, DrillFleet fleet, DrillLedger ledger, Set<String> alarms, double recovery, List<String> notes,
                             List<String> problems) throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    Counts c;
    DrillLedger.Alerts alerts;
    do {
      c = count(fleet, ledger);
      alerts = DrillLedger.alerts(rig.receiver(), alarms);
      if ((c.lost == 0 && alerts.deliveredAll(alarms)) || System.nanoTime() > deadline) break;
      Thread.sleep(1_000);
    } while (true);
    Thread.sleep(2_000); // late duplicates (a retry racing its original) would show up now
    c = count(fleet, ledger);
    DrillLedger.Alerts at = DrillLedger.alerts(rig.receiver(), alarms);
    alerts = at;
    int delivered = (int) alarms.stream().filter(alerts.firingByDevice()::containsKey).count();
    int alertDuplicates = alerts.firingByDevice().values().stream().mapToInt(k -> k.size() - 1).sum();
    if (c.lost > 0) problems.add(c.lost + " PUBACKed readings are not in InfluxDB, e.g. " + c.example);
    if (c.duplicates > 0) problems.add(c.duplicates + " readings stored more than once");
    if (delivered < alarms.size()) {
      problems.add("alerts missing for " + alarms.stream().filter(a -> !at.firingByDevice().containsKey(a)).toList());
    }
    if (alertDuplicates > 0) problems.add(alertDuplicates + " alerts delivered more than once: " + alerts.firingByDevice());
    DrillReport report = new DrillReport(drill.id(), drill.fault(), c.sent, c.acked, c.stored, c.duplicates, c.lost, alarms.size(),
        delivered, alertDuplicates, alerts.repeatedRequests(), recovery, notes, problems);
    out.println(report.summary());
    return report;
  }

  private record Counts(long sent, long acked, long stored, long duplicates, long lost, String example) {}

  private Counts count(DrillFleet fleet, DrillLedger ledger) {
    long sent = 0, acked = 0, stored = 0, duplicates = 0, lost = 0;
    String example = "";
    for (DrillDevice d : fleet.devices()) {
      Map<Long, Integer> rows;
      try {
        rows = ledger.stored(d, fleet.start().minusSeconds(1));
      } catch (RuntimeException e) {
        return new Counts(fleet.sent(), fleet.acked(), 0, 0, fleet.acked(), "InfluxDB did not answer: " + e.getMessage());
      }
      BitSet ack = d.acked();
      BitSet missing = (BitSet) ack.clone();
      missing.andNot(DrillLedger.numbers(rows));
      sent += d.sent().cardinality();
      acked += ack.cardinality();
      stored += rows.size();
      duplicates += rows.values().stream().mapToInt(n -> n - 1).sum();
      lost += missing.cardinality();
      if (example.isEmpty() && !missing.isEmpty()) {
        example = d.id() + " #" + missing.stream().limit(5).mapToObj(Integer::toString).collect(Collectors.joining(", #"));
      }
    }
    return new Counts(sent, acked, stored, duplicates, lost, example);
  }

  /**
   * The storage sink writes its buffer before it acknowledges a checkpoint, and waits while
   * InfluxDB is away: a checkpoint triggered during the outage that completed would claim points
   * stored that were not (and a failure then would lose them).
   */
  private static void checkNoCheckpointWhileDown(Instant stopped, FlinkCluster.Checkpoints whileDown, List<String> notes,
                                                 List<String> problems) {
    Optional<Instant> falsely = whileDown.latestTriggeredAt().filter(t -> t.isAfter(stopped));
    if (falsely.isPresent()) {
      problems.add(String.format("the storage job completed a checkpoint triggered %.1f s into the InfluxDB outage",
          seconds(stopped, falsely.get())));
    } else {
      notes.add(String.format("no checkpoint triggered during the outage completed (%d completed by its end, all triggered before it)",
          whileDown.completed()));
    }
  }

  /** Waits for the storage job's first checkpoint after the repair: the sink must not stay stuck. */
  private void awaitCheckpointAfter(Instant back, Drill drill, List<String> notes, List<String> problems) throws Exception {
    Instant deadline = back.plus(RECOVERY_TIMEOUT);
    Instant next = clock.instant().plusSeconds(10);
    while (clock.instant().isBefore(deadline)) {
      Optional<Instant> latest = rig.storageCheckpoints().latestTriggeredAt();
      if (latest.isPresent() && latest.get().isAfter(back)) {
        notes.add(String.format("checkpoints complete again %.1f s after influxd restarted", seconds(back, clock.instant())));
        return;
      }
      if (clock.instant().isAfter(next)) {
        next = next.plusSeconds(10);
        out.printf("[drill %s] waiting for the storage job's first checkpoint since influxd restarted%n", drill.id());
      }
      Thread.sleep(1_000); // each look copies the job's whole execution graph
    }
    problems.add("the storage job completed no checkpoint within " + RECOVERY_TIMEOUT.toMinutes() + " min of influxd's restart");
  }

  private Instant awaitReadiness(int status, Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (clock.instant().isBefore(deadline)) {
      if (rig.gatewayReadiness(0) == status && rig.gatewayReadiness(1) == status) return clock.instant();
      Thread.sleep(200);
    }
    return null;
  }

  private long awaitFailedAttempts(long atLeast, Duration timeout) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    long seen = rig.failedWebhookAttempts();
    while (seen < atLeast && clock.instant().isBefore(deadline)) {
      Thread.sleep(200);
      seen = rig.failedWebhookAttempts();
    }
    return seen;
  }

  /** Waits, printing the devices' progress every 10 s so a long outage is not silent. */
  private void pause(Duration d, Drill drill, DrillFleet fleet) throws InterruptedException {
    pauseUntil(clock.instant().plus(d), drill, fleet);
  }

  private void pauseUntil(Instant until, Drill drill, DrillFleet fleet) throws InterruptedException {
    Instant next = clock.instant().plusSeconds(10);
    while (clock.instant().isBefore(until)) {
      Thread.sleep(Math.max(1, Math.min(200, Duration.between(clock.instant(), until).toMillis())));
      if (clock.instant().isAfter(next)) {
        next = next.plusSeconds(10);
        out.printf("[drill %s] sent %,d, acked %,d, %d s to go%n", drill.id(), fleet.sent(), fleet.acked(),
            Math.max(0, Duration.between(clock.instant(), until).toSeconds()));
      }
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
