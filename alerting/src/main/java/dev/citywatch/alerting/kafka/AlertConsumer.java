package dev.citywatch.alerting.kafka;

import dev.citywatch.model.Alert;
import dev.citywatch.model.wire.WireFormatException;
import dev.citywatch.model.wire.WireJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code citywatch.alerts} in the service's consumer group on a thread of its own and
 * commits a batch's offsets only once every alert of it is settled, i.e. durably owed to each
 * subscriber (the handler's future). If settling fails (Kafka away), the batch is read again
 * from its first offsets: handlers recognise steps they already owe, so nothing doubles.
 */
public final class AlertConsumer extends PollingThread {
  private static final Logger LOG = LoggerFactory.getLogger(AlertConsumer.class);
  private final String topic;
  private final Context context;
  private final BiFunction<Alert, Instant, Future<Void>> handler;
  private final DeadLetters deadLetters;
  private final Clock clock;

  public AlertConsumer(String bootstrapServers, String group, String topic, Context context,
                       BiFunction<Alert, Instant, Future<Void>> handler, DeadLetters deadLetters, Clock clock) {
    super(bootstrapServers, Map.of(ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200,
        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100, ConsumerConfig.CLIENT_ID_CONFIG, group + "-deliveries"), "citywatch-alerting-consumer");
    this.topic = topic;
    this.context = context;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.clock = clock;
  }

  public void start() {
    startThread();
  }

  @Override
  protected void poll() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) continue;
        if (settle(records)) {
          consumer.commitSync(nextOffsets(records));
        } else {
          rewind(records);
          TimeUnit.SECONDS.sleep(1);
        }
      }
    } catch (WakeupException e) {
      if (running) throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("[consumer topic={}] stopped by an unexpected error; alerts are not being delivered", topic, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private boolean settle(ConsumerRecords<String, byte[]> records) throws InterruptedException {
    List<CompletableFuture<Void>> settled = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      context.runOnContext(v -> handle(r).onComplete(ar -> {
        if (ar.succeeded()) {
          done.complete(null);
        } else {
          done.completeExceptionally(ar.cause());
        }
      }));
      settled.add(done);
    }
    try {
      CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("[consumer topic={}] {} alert(s) not yet settled, reading them again: {}", topic, records.count(),
          e.getCause() == null ? e.toString() : e.getCause().toString());
      return false;
    }
  }

  private Future<Void> handle(ConsumerRecord<String, byte[]> r) {
    Alert alert;
    try {
      alert = WireJson.read(r.value(), Alert.class);
    } catch (WireFormatException | RuntimeException e) {
      LOG.error("[consumer topic={} partition={} offset={}] unreadable alert record dead-lettered: {}", topic, r.partition(),
          r.offset(), e.getMessage());
      return deadLetters.unreadable(context, r.key(), r.value(), String.valueOf(e.getMessage()), clock.instant());
    }
    return handler.apply(alert, Instant.ofEpochMilli(r.timestamp())); // the topic keeps log-append time
  }

  private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (TopicPartition p : records.partitions()) {
      List<ConsumerRecord<String, byte[]>> part = records.records(p);
      out.put(p, new OffsetAndMetadata(part.get(part.size() - 1).offset() + 1));
    }
    return out;
  }

  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition p : records.partitions()) {
      consumer.seek(p, records.records(p).get(0).offset());
    }
  }
}
