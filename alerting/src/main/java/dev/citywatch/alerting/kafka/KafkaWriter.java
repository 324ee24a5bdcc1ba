package dev.citywatch.alerting.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The service's one Kafka producer ({@code acks=all}, idempotent), for the pending journal and the
 * dead-letter topic. {@code send} may block while Kafka is away, so it runs on a thread of its
 * own; the returned future completes on the caller's context once Kafka has the record.
 */
public final class KafkaWriter implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "citywatch-alerting-kafka-send");
    t.setDaemon(true);
    return t;
  });

  public KafkaWriter(String bootstrapServers, String clientId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Writes {@code value} (null: a tombstone) under {@code key}. */
  public Future<Void> send(Context context, String topic, String key, byte[] value) {
    Promise<Void> promise = Promise.promise();
    sender.execute(() -> {
      try {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) ->
            context.runOnContext(v -> {
              if (error == null) {
                promise.complete();
              } else {
                promise.fail(error);
              }
            }));
      } catch (RuntimeException e) {
        context.runOnContext(v -> promise.fail(e));
      }
    });
    return promise.future();
  }

  @Override
  public void close() {
    sender.shutdown();
    producer.close(Duration.ofSeconds(10));
  }
}
