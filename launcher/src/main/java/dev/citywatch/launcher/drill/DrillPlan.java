package dev.citywatch.launcher.drill;

import java.time.Duration;

/**
 * How long a drill runs and how hard the devices push.
 *
 * @param devicesShare which share of Wonju's air-quality and fire sensors one drill uses (1: all)
 * @param period time between two readings of one device
 * @param backlogDevices load-test devices of the backlog drill
 * @param backlogOutage how long every gateway is away in the backlog drill
 * @param backlogReadings readings each of those devices queues while the gateways are away
 */
public record DrillPlan(String name, Duration warmUp, Duration kafkaOutage, Duration influxOutage, Duration receiverOutage,
                        Duration tail, int devicesShare, Duration period, int backlogDevices, Duration backlogOutage,
                        int backlogReadings) {
  /** The variants in {@code ./citywatch test}: all drills on one rig, the city drills each with a sixth of the devices. */
  public static final DrillPlan SHORT = new DrillPlan("short", Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15),
      Duration.ofSeconds(20), Duration.ofSeconds(3), Drill.cityDrills(), Duration.ofMillis(100), 100, Duration.ofSeconds(15), 200);

  /** The variants of {@code ./citywatch drill}: the outages the issues name, all 70 sensors, 1,000 devices with a backlog. */
  public static final DrillPlan LONG = new DrillPlan("long", Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofMinutes(5), Duration.ofSeconds(20), 1, Duration.ofMillis(100), 1_000, Duration.ofSeconds(60), 200);

  /** Longest wait between webhook retries: a receiver back after an outage hears from us this soon. */
  public Duration retryMax() {
    return receiverOutage.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofSeconds(30) : Duration.ofSeconds(5);
  }

  /** Time between two readings of a backlog device: its queue holds {@code backlogReadings} when the gateways return. */
  public Duration backlogPeriod() {
    return backlogOutage.dividedBy(backlogReadings);
  }
}
