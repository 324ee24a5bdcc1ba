package dev.citywatch.jobs.io;

import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The jobs' Kafka sources (FLIP-27): from the committed offsets of the job's consumer group, or the
 * earliest offset when the group is new, so a fresh deployment reads what is already there.
 */
public final class KafkaSources {
  private KafkaSources() {}

  public static KafkaSource<TelemetryRecord> telemetry(String bootstrap, String topic, String group) {
    return of(bootstrap, topic, group, TelemetryRecord.class);
  }

  public static KafkaSource<DeviceStatus> deviceStatus(String bootstrap, String topic, String group) {
    return of(bootstrap, topic, group, DeviceStatus.class);
  }

  public static KafkaSource<DeadLetter> deadLetters(String bootstrap, String topic, String group) {
    return of(bootstrap, topic, group, DeadLetter.class);
  }

  private static <T> KafkaSource<T> of(String bootstrap, String topic, String group, Class<T> type) {
    return KafkaSource.<T>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new WireRecordDeserializer<>(type))
        .build();
  }
}
