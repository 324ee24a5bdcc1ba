package dev.citywatch.launcher.drill;

import java.time.Duration;

/**
 * How long a drill runs and how hard the devices push.
 *
 * @param devicesShare which share of Wonju's air-quality and fire sensors one drill uses (1: all)
 * @param period time between two readings of one device
 */
public record DrillPlan(String name, Duration warmUp, Duration kafkaOutage, Duration influxOutage, Duration receiverOutage,
                        Duration tail, int devicesShare, Duration period) {
  /** The variants in {@code ./citywatch test}: all six drills on one rig, each with a sixth of the devices. */
  public static final DrillPlan SHORT = new DrillPlan("short", Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
      Duration.ofSeconds(20), Duration.ofSeconds(3), Drill.values().length, Duration.ofMillis(100));

  /** The variants of {@code ./citywatch drill}: the outages the issue names, all 70 sensors. */
  public static final DrillPlan LONG = new DrillPlan("long", Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofMinutes(5), Duration.ofSeconds(20), 1, Duration.ofMillis(100));

  /** Longest wait between webhook retries: a receiver back after an outage hears from us this soon. */
  public Duration retryMax() {
    return receiverOutage.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofSeconds(30) : Duration.ofSeconds(5);
  }
}
