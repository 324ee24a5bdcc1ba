package dev.citywatch.alerting.kafka;

import dev.citywatch.model.Alert;
import dev.citywatch.model.wire.WireFormatException;
import dev.citywatch.model.wire.WireJson;
import io.vertx.core.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code citywatch.alerts} from {@code lookBack} ago, outside any consumer group, into the
 * alert book, so the console and CAP references know alerts from before a restart. Read-only: it
 * commits nothing.
 */
public final class AlertFeed extends PollingThread {
  private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
  private final String topic;
  private final Duration lookBack;
  private final Context context;
  private final Consumer<Alert> sink;
  private final Clock clock;
  private final CountDownLatch caughtUp = new CountDownLatch(1);

  public AlertFeed(String bootstrapServers, String topic, Duration lookBack, Context context, Consumer<Alert> sink, Clock clock) {
    super(bootstrapServers, Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "citywatch-alerting-feed"), "citywatch-alerting-feed");
    this.topic = topic;
    this.lookBack = lookBack;
    this.context = context;
    this.sink = sink;
    this.clock = clock;
  }

  /** Starts reading and waits until what was in the topic at start is in the book. */
  public void startAndCatchUp(Duration timeout) throws InterruptedException {
    startThread();
    if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      LOG.warn("[feed topic={}] not caught up after {}; the console fills as it reads", topic, timeout);
    }
  }

  @Override
  protected void poll() {
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      long since = clock.instant().minus(lookBack).toEpochMilli();
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(p -> query.put(p, since));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      for (TopicPartition p : partitions) {
        OffsetAndTimestamp at = found.get(p);
        consumer.seek(p, at == null ? end.get(p) : at.offset());
      }
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          try {
            Alert alert = WireJson.read(r.value(), Alert.class);
            context.runOnContext(v -> sink.accept(alert));
          } catch (WireFormatException | RuntimeException e) {
            LOG.debug("[feed offset={}] not an alert: {}", r.offset(), e.getMessage());
          }
        }
        if (caughtUp.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
          context.runOnContext(v -> caughtUp.countDown());
        }
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (RuntimeException e) {
      LOG.error("[feed topic={}] stopped: the console no longer updates", topic, e);
      caughtUp.countDown();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
