package dev.citywatch.launcher.drill;

import dev.citywatch.launcher.platform.ProcessRig;
import dev.citywatch.launcher.platform.PlatformTopics;
import dev.citywatch.sim.inventory.InventoryGenerator;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The backlog drill: every gateway goes away, and the load-test devices, stock clients with a
 * persistent session, queue their readings meanwhile. When the gateways are back each device sends
 * its whole queue at once, far above its publish rate. The gateway must slow them down, not cut
 * them off (cut off, a stock client reconnects and resends the same queue for good), so that the
 * fleet drains: every reading PUBACKed and in InfluxDB once, each device connecting once after the
 * outage, no disconnection for rate.
 */
final class BacklogDrill {
  private static final String TENANT = InventoryGenerator.LOAD_TENANT;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration STORE_TIMEOUT = Duration.ofMinutes(5);
  /** Paho retries every 2 s at most and waits 30 s for CONNACK: a minute without a connection means it hangs. */
  private static final Duration WATCHDOG = Duration.ofSeconds(60);
  private static final String RATE_DISCONNECTS = "citywatch_gateway_closed_total{reason=\"rate_limited\"";
  private static final String THROTTLED = "citywatch_gateway_publishes_throttled_total";

  private final ProcessRig rig;
  private final DrillPlan plan;
  private final PrintStream out;
  private final Clock clock = Clock.systemUTC();

  BacklogDrill(ProcessRig rig, DrillPlan plan, PrintStream out) {
    this.rig = rig;
    this.plan = plan;
    this.out = out;
  }

  DrillReport run() throws Exception {
    Drill drill = Drill.BACKLOG;
    List<String> notes = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    say("connecting %,d stock-client devices (MQTT 3.1.1, persistent session, the whole queue in flight at once)...",
        plan.backlogDevices());
    try (DrillFleet fleet = DrillFleet.stockClients(rig.inventory(), TENANT, plan.backlogDevices(), rig.gatewayUris(),
             plan.backlogPeriod(), plan.backlogReadings(), clock, n -> {
               if (n % 250 == 0) say("%,d connected", n);
             });
         DrillLedger ledger = new DrillLedger(rig.influx().url())) {
      say("%,d devices publishing a numbered reading every %d ms", fleet.devices().size(), plan.backlogPeriod().toMillis());
      Thread.sleep(plan.warmUp().toMillis());

      rig.primaryGateway().stop();
      rig.standbyGateway().stop();
      Instant away = clock.instant();
      say("both gateways stopped; devices queue their readings for %d s", plan.backlogOutage().toSeconds());
      while (clock.instant().isBefore(away.plus(plan.backlogOutage()))) {
        Thread.sleep(1_000);
        if (Duration.between(away, clock.instant()).toSeconds() % 10 == 0) {
          say("outage: %,d readings queued, %d s to go", queued(fleet),
              Math.max(0, Duration.between(clock.instant(), away.plus(plan.backlogOutage())).toSeconds()));
        }
      }
      Instant back = clock.instant();
      fleet.stopGenerating(back); // they come back with their queue, and it must drain
      IntSummaryStatistics queues = fleet.devices().stream().mapToInt(DrillDevice::queued).summaryStatistics();
      rig.primaryGateway().restart();
      rig.standbyGateway().restart();
      fleet.watchdog(WATCHDOG);
      say("gateways back; each device has %d-%d readings queued (%,d in all)", queues.getMin(), queues.getMax(), queues.getSum());

      double drained = awaitDrained(fleet, back);
      if (Double.isNaN(drained)) problems.add("the devices' queues did not drain within " + DRAIN_TIMEOUT.toMinutes() + " min");
      else notes.add(String.format("%,d queued readings (%d-%d a device) drained in %.1f s", queues.getSum(), queues.getMin(),
          queues.getMax(), drained));
      checkNoReconnectLoop(fleet, notes, problems);
      if (fleet.clientRestarts() > 0) {
        notes.add(fleet.clientRestarts() + " Paho clients hung in a connect and were replaced by their device's watchdog");
      }
      checkGateways(notes, problems);
      long records = telemetryRecords();
      notes.add(String.format("%,d records in Kafka for %,d readings generated", records, generated(fleet)));

      DrillReport report = settle(drill, fleet, ledger, drained, notes, problems);
      out.println(report.summary());
      return report;
    } finally {
      rig.repairAll();
    }
  }

  /** Seconds from the gateways' return until every reading is handed over and PUBACKed; NaN if not in time. */
  private double awaitDrained(DrillFleet fleet, Instant back) throws InterruptedException {
    Instant deadline = back.plus(DRAIN_TIMEOUT);
    long lastReport = System.nanoTime();
    while (clock.instant().isBefore(deadline)) {
      if (fleet.devices().stream().allMatch(DrillDevice::drained)) return Duration.between(back, clock.instant()).toMillis() / 1000.0;
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        lastReport = System.nanoTime();
        say("draining: acked %,d of %,d generated, %,d still queued, connections since the outage %,d", fleet.acked(), generated(fleet),
            queued(fleet), fleet.devices().stream().mapToInt(d -> d.connects() - 1).sum());
      }
      Thread.sleep(250);
    }
    return Double.NaN;
  }

  /**
   * Each device connects once at the start and once after the outage; a device the gateway cut off
   * would reconnect again and again. Why connections were lost is reported from the clients' side.
   */
  private static void checkNoReconnectLoop(DrillFleet fleet, List<String> notes, List<String> problems) {
    IntSummaryStatistics connects = fleet.devices().stream().mapToInt(DrillDevice::connects).summaryStatistics();
    long looping = fleet.devices().stream().filter(d -> d.connects() > 2).count();
    if (looping > 0) {
      problems.add(looping + " devices connected more than once after the outage (at most " + (connects.getMax() - 1) + " times)");
    }
    notes.add(String.format("connections a device: %d-%d (before and after the outage)", connects.getMin(), connects.getMax()));
    Map<String, Integer> lost = new java.util.TreeMap<>();
    fleet.devices().forEach(d -> d.connectionsLost().forEach((why, n) -> lost.merge(why, n, Integer::sum)));
    notes.add("connections lost, as the clients saw it: " + lost);
  }

  /** The gateways (since their restart) disconnected nobody for rate, and slowed the backlog down instead. */
  private void checkGateways(List<String> notes, List<String> problems) {
    double disconnects = rig.gatewayMetric(RATE_DISCONNECTS);
    double throttled = rig.gatewayMetric(THROTTLED);
    if (disconnects != 0) problems.add("the gateways disconnected devices for their rate " + (long) disconnects + " times");
    notes.add(String.format("gateways: %d disconnections for rate, %,d messages held back for the rate", (long) disconnects,
        (long) throttled));
  }

  /** Waits until every PUBACKed reading is in InfluxDB (or time runs out), then counts. */
  private DrillReport settle(Drill drill, DrillFleet fleet, DrillLedger ledger, double drained, List<String> notes,
                             List<String> problems) throws InterruptedException {
    long deadline = System.nanoTime() + STORE_TIMEOUT.toNanos();
    long sent;
    long acked;
    long stored;
    long duplicates;
    long lost;
    String example;
    do {
      sent = 0;
      acked = 0;
      stored = 0;
      duplicates = 0;
      lost = 0;
      example = "";
      for (DrillDevice d : fleet.devices()) {
        Map<Long, Integer> rows = ledger.stored(d, fleet.start().minusSeconds(1));
        BitSet missing = d.acked();
        missing.andNot(DrillLedger.numbers(rows));
        sent += d.sent().cardinality();
        acked += d.acked().cardinality();
        stored += rows.size();
        duplicates += rows.values().stream().mapToInt(n -> n - 1).sum();
        lost += missing.cardinality();
        if (example.isEmpty() && !missing.isEmpty()) example = d.id() + " #" + missing.nextSetBit(0);
      }
      if (lost == 0) break;
      say("storing: %,d of %,d acknowledged readings in InfluxDB", stored, acked);
      Thread.sleep(2_000);
    } while (System.nanoTime() < deadline);
    if (lost > 0) problems.add(lost + " PUBACKed readings are not in InfluxDB, e.g. " + example);
    if (duplicates > 0) problems.add(duplicates + " readings stored more than once");
    return new DrillReport(drill.id(), drill.fault(), sent, acked, stored, duplicates, lost, 0, 0, 0, 0, drained, notes, problems);
  }

  /** Records of the load-test devices in the telemetry topic: copies there mean devices resent what Kafka had. */
  private long telemetryRecords() {
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, rig.kafka().bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long n = 0;
    try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(props,
        new org.apache.kafka.common.serialization.StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      String topic = PlatformTopics.standard().telemetry();
      var partitions = consumer.partitionsFor(topic).stream().map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          if (r.key() != null && r.key().startsWith(TENANT + "/")) n++;
        }
      }
    }
    return n;
  }

  private static long queued(DrillFleet fleet) {
    return fleet.devices().stream().mapToLong(DrillDevice::queued).sum();
  }

  private static long generated(DrillFleet fleet) {
    return fleet.devices().stream().mapToLong(DrillDevice::generated).sum();
  }

  private void say(String format, Object... args) {
    out.printf("[drill backlog] " + format + "%n", args);
  }
}
