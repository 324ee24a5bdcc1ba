package dev.citywatch.ingestion.kafka;

import dev.citywatch.ingestion.config.GatewayConfig.KafkaSettings;
import dev.citywatch.ingestion.mqtt.GatewayException;
import dev.citywatch.ingestion.mqtt.Refusal;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records to Kafka with {@code acks=all} and an idempotent producer, and answers with a
 * {@link Future} completed on the caller's Vert.x context once Kafka has the record.
 *
 * <p>{@code KafkaProducer.send} may block (metadata, full buffer) when Kafka is away, so it is
 * called from one sender thread of its own, never from an event loop.
 */
public final class KafkaPublisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
  private final KafkaProducer<String, byte[]> producer;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "citywatch-kafka-send");
        t.setDaemon(true);
        return t;
      });

  private final Timer sendLatency;

  public KafkaPublisher(KafkaSettings settings, MeterRegistry registry) {
    this.sendLatency = Timer.builder("citywatch.gateway.kafka.send.latency")
        .description("send() to Kafka acknowledgement (acks=all)")
        .publishPercentileHistogram()
        .register(registry);
    Map<String, Object> props = new HashMap<>(settings.extra());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "citywatch-gateway");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** Completes once the record is in Kafka; fails with {@link Refusal#KAFKA_UNAVAILABLE} otherwise. */
  public Future<Void> send(Context context, String topic, String key, byte[] value) {
    Promise<Void> promise = Promise.promise();
    long started = System.nanoTime();
    sender.execute(() -> {
      try {
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
          if (error == null) {
            sendLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            context.runOnContext(v -> promise.complete());
          } else {
            context.runOnContext(v -> promise.fail(unavailable(topic, key, error)));
          }
        });
      } catch (RuntimeException e) {
        context.runOnContext(v -> promise.fail(unavailable(topic, key, e)));
      }
    });
    return promise.future();
  }

  private static GatewayException unavailable(String topic, String key, Throwable error) {
    if (error instanceof RetriableException) {
      LOG.warn("[kafka topic={} key={}] send failed, device will retry: {}", topic, key, error.toString());
    } else {
      LOG.error("[kafka topic={} key={}] send failed for good: {}", topic, key, error.toString());
    }
    return new GatewayException(Refusal.KAFKA_UNAVAILABLE, "Kafka did not take the record: " + error.getMessage(), error);
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(java.time.Duration.ofSeconds(10));
  }
}
