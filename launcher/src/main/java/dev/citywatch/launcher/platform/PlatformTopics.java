package dev.citywatch.launcher.platform;

import dev.citywatch.alerting.config.AlertingConfig;
import dev.citywatch.model.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The Kafka topics and consumer groups one platform uses: the shared names
 * ({@link #standard()}) for the demo and deployments, or names of its own for a test sharing a
 * broker with others ({@link #prefixed}).
 */
public record PlatformTopics(String telemetry, String status, String telemetryDlq, String alerts, String alertsDlq,
                             String alertsPending, String storageGroup, String detectionGroup, String alertingGroup) {

  public static PlatformTopics standard() {
    return new PlatformTopics(Topics.KAFKA_TELEMETRY, Topics.KAFKA_DEVICE_STATUS, Topics.KAFKA_TELEMETRY_DLQ, Topics.KAFKA_ALERTS,
        Topics.KAFKA_ALERTS_DLQ, AlertingConfig.PENDING_TOPIC, "citywatch-storage", "citywatch-detection", "citywatch-alerting");
  }

  public static PlatformTopics prefixed(String base) {
    return new PlatformTopics(base + ".telemetry", base + ".status", base + ".telemetry.dlq", base + ".alerts", base + ".alerts.dlq",
        base + ".alerts.pending", base + "-storage", base + "-detection", base + "-alerting");
  }

  /**
   * Creates the topics that do not exist yet, telemetry keyed by {@code tenant/deviceId} over
   * {@code partitions}. Records carry the time the broker appended them (log-append time), a stage
   * of each alert's latency ledger. (The alerting service creates its compacted journal itself.)
   */
  public void create(String bootstrap, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<String, String> appendTime = Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
      List<NewTopic> topics = List.of(
          new NewTopic(telemetry, partitions, (short) 1).configs(appendTime),
          new NewTopic(telemetryDlq, 1, (short) 1).configs(appendTime),
          new NewTopic(status, Math.max(1, partitions / 2), (short) 1).configs(appendTime),
          new NewTopic(alerts, Math.max(1, partitions / 2), (short) 1).configs(appendTime),
          new NewTopic(alertsDlq, 1, (short) 1).configs(appendTime));
      for (var result : admin.createTopics(topics).values().values()) {
        try {
          result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
      }
    }
  }
}
