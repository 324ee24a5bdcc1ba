package dev.citywatch.launcher.platform;

import dev.citywatch.ingestion.config.GatewayLimits;
import dev.citywatch.model.inventory.Inventory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where one {@link Platform} runs and what it talks to. Ports are fixed numbers, 0 for a free port,
 * or -1 (operations port only) for none.
 *
 * @param bindHost the address the platform's own listeners bind to (MQTT, gateway operations,
 *     Flink UI, alerting, receiver): 127.0.0.1 keeps a demo to this machine, 0.0.0.0 opens it
 * @param startReceiver whether to start the verifying webhook receiver on {@code receiverPort}; the
 *     inventory's subscriptions point at that port either way, so a receiver of one's own can listen there
 * @param flinkState checkpoints and savepoints of the jobs; a job restarts from the newest one
 * @param receiverOut where the webhook receiver prints each alert it accepts
 * @param capStatus CAP {@code <status>}: "Actual" in production, "Exercise" for demos and tests
 * @param timeScale how many times faster than real time the devices' clocks run: 1 for real
 *     devices, the speed of a simulation played faster. The jobs' allowed out-of-orderness grows
 *     by this factor (a second of delay on the wire is {@code timeScale} seconds of event time).
 * @param gatewayLimits per-device publish rates and the like ({@link #limitsFor}: raised for a
 *     simulation played faster than real time, whose devices publish that much more often)
 */
public record PlatformSettings(String kafkaBootstrap, String influxUrl, String database, Inventory inventory, PlatformTopics topics,
                               String bindHost, int mqttPort, int opsPort, int flinkUiPort, int alertingPort, int receiverPort, boolean startReceiver,
                               Path flinkState,
                               PrintStream receiverOut, String capStatus, double timeScale,
                               GatewayLimits gatewayLimits) {
  public PlatformSettings {
    Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
    Objects.requireNonNull(influxUrl, "influxUrl");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(inventory, "inventory");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(flinkState, "flinkState");
    Objects.requireNonNull(receiverOut, "receiverOut");
    Objects.requireNonNull(capStatus, "capStatus");
    if (!(timeScale >= 1)) throw new IllegalArgumentException("timeScale must be >= 1, got " + timeScale);
    Objects.requireNonNull(gatewayLimits, "gatewayLimits");
  }

  /** This machine only. */
  public static final String LOOPBACK = "127.0.0.1";

  /** Every port picked free, no operations port: for tests sharing one Kafka and one InfluxDB. */
  public static PlatformSettings forTest(String kafkaBootstrap, String influxUrl, String database, Inventory inventory,
                                         PlatformTopics topics, Path flinkState, PrintStream receiverOut, double speed) {
    return new PlatformSettings(kafkaBootstrap, influxUrl, database, inventory, topics, LOOPBACK, 0, -1, 0, 0, 0, true, flinkState, receiverOut,
        "Exercise", Math.max(1, speed), limitsFor(speed));
  }

  /** The default gateway limits with per-device publish rates raised by {@code speed} (at least 1). */
  public static GatewayLimits limitsFor(double speed) {
    double factor = Math.max(1, speed);
    GatewayLimits d = GatewayLimits.DEFAULT;
    return d.withPublishRate(d.messagesPerSecond() * factor, (int) Math.ceil(d.messageBurst() * factor));
  }

  /**
   * Event time the jobs wait for late readings: the default 30 s, or 5 s of wall-clock delay
   * when devices' clocks run faster (a Paho thread or a Kafka batch late by a second is a minute
   * of a 60x simulation).
   */
  public Duration outOfOrderness() {
    return Duration.ofSeconds(Math.max(30, Math.round(5 * timeScale)));
  }
}
