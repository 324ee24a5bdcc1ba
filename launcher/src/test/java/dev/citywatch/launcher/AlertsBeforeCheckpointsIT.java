package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.citywatch.alerting.receiver.ReceivedAlert;
import dev.citywatch.launcher.platform.ProcessRig;
import dev.citywatch.model.Topics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.sim.inventory.InventoryGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert must never wait for a checkpoint. With the jobs checkpointing only every 10 minutes, a
 * fire reported while the detection job has not completed a single checkpoint reaches the receiver
 * all the same: nothing on the alert path (sinks, exchanges, alerting) holds records until a
 * checkpoint. No timing threshold: the job's own checkpoint count is the clock. Flink starts the
 * first checkpoint at a random moment between the jobs' minimum pause (half the interval, 5
 * minutes here) and the interval, so none can complete within the test's 3 minutes unless
 * something on the alert path waits for checkpoints; with a 60 s interval and no minimum pause the
 * first checkpoint once came within seconds of the start and the test failed for the wrong reason.
 */
class AlertsBeforeCheckpointsIT {
  @TempDir
  Path dir;

  @Test
  void aFireAlertReachesTheReceiverBeforeTheDetectionJobCompletesItsFirstCheckpoint() throws Exception {
    try (ProcessRig rig = ProcessRig.start(new ProcessRig.Options(dir, 1, 0, 1, Duration.ofMinutes(10), Duration.ofSeconds(5)), System.out)) {
      assertThat(rig.flink().checkpoints(rig.detectionJob()).completed()).as("checkpoints before the fire").isZero();
      String sensor = InventoryGenerator.probeSensorId(1);
      MqttClient device = new MqttClient(rig.gatewayUris()[0], "probe-" + sensor, new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setUserName(Topics.username(InventoryGenerator.LOAD_TENANT, sensor));
      options.setPassword(FleetCredentials.development().password(InventoryGenerator.LOAD_TENANT, sensor));
      device.connect(options);
      Instant fired = Instant.now();
      device.publish(Topics.telemetryTopic(InventoryGenerator.LOAD_TENANT, sensor), ("{\"schema\":1,\"kind\":\"fire\",\"seq\":1,\"time\":"
          + fired.toEpochMilli() + ",\"readings\":[{\"quantity\":\"temperature\",\"unit\":\"Cel\",\"value\":150.0}]}")
          .getBytes(StandardCharsets.UTF_8), 1, false);
      device.disconnect();
      device.close();

      Optional<JsonNode> alert = Optional.empty();
      long checkpoints = 0;
      long giveUp = System.nanoTime() + Duration.ofMinutes(3).toNanos(); // neither came: the job is broken
      while (alert.isEmpty() && checkpoints == 0 && System.nanoTime() < giveUp) {
        Thread.sleep(100);
        alert = fireAlert(rig, sensor);
        checkpoints = rig.flink().checkpoints(rig.detectionJob()).completed();
      }
      assertThat(alert).as("the fire alert at the receiver, with %d checkpoints of the detection job completed", checkpoints).isPresent();
      assertThat(checkpoints).as("checkpoints the detection job had completed when the alert arrived").isZero();
      System.out.printf("[alerts-before-checkpoints] sensor→webhook %d ms, no checkpoint completed yet%n",
          Duration.between(fired, Instant.parse(alert.get().path("sent_at").asText())).toMillis());
    }
  }

  private static Optional<JsonNode> fireAlert(ProcessRig rig, String sensor) throws Exception {
    for (ReceivedAlert r : rig.receiver().unique()) {
      if (!r.path().endsWith("/" + InventoryGenerator.PROBE_WEBHOOK)) continue;
      JsonNode body = WireJson.mapper().readTree(r.body());
      if (sensor.equals(body.path("alert").path("subject").asText())) return Optional.of(body);
    }
    return Optional.empty();
  }
}
