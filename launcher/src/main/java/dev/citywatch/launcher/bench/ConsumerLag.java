package dev.citywatch.launcher.bench;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far the jobs' consumer groups are behind a topic's end (from their committed offsets). */
final class ConsumerLag implements AutoCloseable {
  private final Admin admin;

  ConsumerLag(String bootstrap) {
    this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
  }

  /** The end offset of each partition of {@code topic} now. */
  Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
    Set<TopicPartition> partitions = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions().stream()
        .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toSet());
    return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get().entrySet()
        .stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  /** Records of {@code ends} that group {@code group} has not committed yet. */
  long behind(String group, Map<TopicPartition, Long> ends) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    long lag = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata at = committed.get(e.getKey());
      lag += Math.max(0, e.getValue() - (at == null ? 0 : at.offset()));
    }
    return lag;
  }

  @Override
  public void close() {
    admin.close();
  }
}
