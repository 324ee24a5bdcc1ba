package dev.citywatch.launcher.drill;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The fault drills, in the order a run plays them. */
public enum Drill {
  GATEWAY_KILL("gateway 1 killed with SIGKILL under load, devices fail over to gateway 2"),
  KAFKA_OUTAGE("Kafka broker stopped, then started again"),
  INFLUX_OUTAGE("influxd stopped, then started again"),
  FLINK_FAILURE("Flink TaskManager terminated mid-stream, a new one started"),
  RECEIVER_OUTAGE("webhook receiver unreachable, then back"),
  ALERTING_KILL("alerting service killed with SIGKILL while retrying a webhook, then started again"),
  BACKLOG("every gateway away; the devices come back each with a queue of readings, sent at once");

  private final String fault;

  Drill(String fault) {
    this.fault = fault;
  }

  /** The name on the command line: {@code gateway-kill}, {@code kafka-outage}, … */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public String fault() {
    return fault;
  }

  /** Whether the drill uses the city's air-quality and fire sensors (the backlog drill has load-test devices of its own). */
  public boolean usesCitySensors() {
    return this != BACKLOG;
  }

  /** How many drills share the city's sensors, each with a slice of its own when they share a rig. */
  static int cityDrills() {
    return (int) Arrays.stream(values()).filter(Drill::usesCitySensors).count();
  }

  public static Optional<Drill> byId(String id) {
    return Arrays.stream(values()).filter(d -> d.id().equals(id)).findFirst();
  }
}
