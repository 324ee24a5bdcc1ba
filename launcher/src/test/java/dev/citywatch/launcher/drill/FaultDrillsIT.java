package dev.citywatch.launcher.drill;

import dev.citywatch.launcher.platform.ProcessRig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.launcher.LogSecrets;
import dev.citywatch.model.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short variants of the fault drills, one after another on one rig of real processes (Kafka,
 * influxd, two gateways, alerting; Flink in this JVM): after each fault every PUBACKed reading is
 * in InfluxDB exactly once and every alarm's alert reached the receiver once. The long variants
 * ({@code ./citywatch drill <name>}) run the outages the README's table reports.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultDrillsIT {
  @TempDir
  static Path dir;
  private static ProcessRig rig;
  private static DrillRunner runner;

  @BeforeAll
  static void startRig() throws Exception {
    rig = ProcessRig.start(ProcessRig.Options.forDrills(dir, DrillPlan.SHORT.retryMax(), DrillPlan.SHORT.backlogDevices()), System.out);
    runner = new DrillRunner(rig, InventoryLoader.loadDefault(), DrillPlan.SHORT, System.out);
  }

  @AfterAll
  static void stopRig() {
    if (rig != null) rig.close();
  }

  @Test
  @Order(1)
  void aKilledGatewayLosesNothingItAckedAndDevicesCarryOnAtTheStandby() throws Exception {
    assertPassed(runner.run(Drill.GATEWAY_KILL));
  }

  @Test
  @Order(2)
  void aKafkaOutageWithholdsPubacksTurnsReadinessFalseAndLosesNothing() throws Exception {
    DrillReport report = runner.run(Drill.KAFKA_OUTAGE);
    assertPassed(report);
    assertThat(report.notes()).anyMatch(n -> n.startsWith("readiness false"));
  }

  @Test
  @Order(3)
  void anInfluxOutageHoldsCheckpointsBackAndIsWrittenInFullAfterRecoveryWithoutDuplicates() throws Exception {
    DrillReport report = runner.run(Drill.INFLUX_OUTAGE);
    assertPassed(report);
    assertThat(report.notes()).anyMatch(n -> n.startsWith("no checkpoint triggered during the outage completed"))
        .anyMatch(n -> n.startsWith("checkpoints complete again"));
  }

  @Test
  @Order(4)
  void aFailedTaskManagerRestoresFromItsCheckpointWithoutLossOrDuplicateAlerts() throws Exception {
    assertPassed(runner.run(Drill.FLINK_FAILURE));
  }

  @Test
  @Order(5)
  void alertsRaisedWhileTheReceiverIsDownAreDeliveredOnceWhenItIsBack() throws Exception {
    assertPassed(runner.run(Drill.RECEIVER_OUTAGE));
  }

  @Test
  @Order(6)
  void anAlertingServiceKilledMidRetryDeliversThePendingAlertOnceAfterRestart() throws Exception {
    DrillReport report = runner.run(Drill.ALERTING_KILL);
    assertPassed(report);
    assertThat(report.notes()).anyMatch(n -> n.startsWith("killed after"));
  }

  @Test
  @Order(7)
  void devicesBackFromAnOutageEachSendingTheirQueueAtOnceAreSlowedNotCutOffAndTheFleetDrains() throws Exception {
    DrillReport report = runner.run(Drill.BACKLOG);
    assertThat(report.problems()).as(report.summary()).isEmpty();
    assertThat(report.acked()).as("readings PUBACKed").isEqualTo(report.sent())
        .isGreaterThanOrEqualTo((long) DrillPlan.SHORT.backlogDevices() * DrillPlan.SHORT.backlogReadings());
    assertThat(report.stored()).as("readings stored").isEqualTo(report.acked());
    assertThat(report.lost()).isZero();
    assertThat(report.duplicates()).isZero();
    assertThat(report.notes()).anyMatch(n -> n.startsWith("connections a device: 2-2"))
        .anyMatch(n -> n.startsWith("gateways: 0 disconnections for rate"));
  }

  @Test
  @Order(8)
  void noSecretOfTheInventoryReachedTheLogsOfTheKilledAndRestartedServices() throws Exception {
    LogSecrets scan = new LogSecrets();
    assertThat(scan.leaks(List.of(dir), Map.of())).as("secrets (%d) in the gateway, alerting and influxd logs", scan.count()).isEmpty();
  }

  private static void assertPassed(DrillReport report) {
    assertThat(report.problems()).as(report.summary()).isEmpty();
    assertThat(report.acked()).as("readings PUBACKed").isPositive().isEqualTo(report.sent());
    assertThat(report.stored()).as("readings stored").isEqualTo(report.acked());
    assertThat(report.lost()).isZero();
    assertThat(report.duplicates()).isZero();
    assertThat(report.alertsDelivered()).as("alerts delivered").isEqualTo(report.alertsExpected()).isEqualTo(3);
    assertThat(report.alertDuplicates()).isZero();
  }
}
