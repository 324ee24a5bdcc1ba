package dev.citywatch.alerting.kafka;

import dev.citywatch.alerting.webhook.Delivery;
import dev.citywatch.model.wire.WireFormatException;
import dev.citywatch.model.wire.WireJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deliveries still owed, kept in a compacted Kafka topic: a record per delivery that is
 * waiting (with its attempt count and next attempt time), a tombstone once it is delivered or
 * dead-lettered. On start the service reads the topic to its end and owes what is left. Writing
 * here before an alert's offset is committed is what lets a crash lose nothing.
 */
public final class PendingJournal {
  private static final Logger LOG = LoggerFactory.getLogger(PendingJournal.class);
  private final KafkaWriter writer;
  private final String bootstrapServers;
  private final String topic;

  public PendingJournal(KafkaWriter writer, String bootstrapServers, String topic) {
    this.writer = writer;
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
  }

  public Future<Void> save(Context context, Delivery d) {
    return writer.send(context, topic, d.key(), WireJson.write(d));
  }

  public Future<Void> settle(Context context, Delivery d) {
    return writer.send(context, topic, d.key(), null);
  }

  /** Creates the compacted topic when missing. Blocking: call at start-up, off the event loop. */
  public void ensureTopic(int partitions) throws InterruptedException {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      NewTopic t = new NewTopic(topic, partitions, (short) -1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(t)).all().get();
      LOG.info("[journal topic={}] created (compacted)", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create the pending journal topic " + topic + ": " + e.getCause(), e.getCause());
      }
    }
  }

  /**
   * Everything still owed, in the order it was first enqueued. Blocking: call at start-up, off the
   * event loop. An unreadable record is logged and skipped (it cannot be delivered anyway).
   */
  public List<Delivery> load() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "citywatch-alerting-journal-load");
    Map<String, Delivery> owed = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() == null) {
            owed.remove(r.key());
            continue;
          }
          try {
            owed.put(r.key(), WireJson.read(r.value(), Delivery.class));
          } catch (WireFormatException e) {
            LOG.error("[journal key={} offset={}] unreadable pending delivery skipped: {}", r.key(), r.offset(), e.getMessage());
          }
        }
      }
    }
    List<Delivery> out = new ArrayList<>(owed.values());
    out.sort(Comparator.comparing(Delivery::enqueuedAt).thenComparing(d -> d.alert().version()));
    return out;
  }

}
