package dev.citywatch.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Creating and reading whole topics in tests. */
public final class KafkaTopics {
  private KafkaTopics() {}

  /** Creates each topic with {@code partitions} partitions and replication factor 1. */
  public static void create(KafkaEndpoint kafka, int partitions, String... topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      // Log-append time, as the platform creates its topics: record timestamps are when the broker took them.
      admin.createTopics(Arrays.stream(topics).map(t -> new NewTopic(t, partitions, (short) 1)
          .configs(Map.of(org.apache.kafka.common.config.TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"))).toList()).all().get();
    }
  }

  /**
   * Every record in {@code topic}, read from the beginning until nothing new arrived for
   * {@code quiet} (so a test that expects none waits that long for a stray one).
   */
  public static List<ConsumerRecord<String, byte[]>> readAll(KafkaEndpoint kafka, String topic, Duration quiet) {
    Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      // assign() instead of subscribe(): no consumer group to join, so reading starts at once.
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long quietUntil = System.nanoTime() + quiet.toNanos();
      while (System.nanoTime() < quietUntil) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          records.forEach(out::add);
          quietUntil = System.nanoTime() + quiet.toNanos();
        }
      }
    }
    return out;
  }
}
