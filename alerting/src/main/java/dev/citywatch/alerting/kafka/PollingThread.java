package dev.citywatch.alerting.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A Kafka consumer polled on a daemon thread of its own (a consumer is not thread-safe and its
 * poll blocks); {@link #close()} wakes it and waits for the loop to end.
 */
abstract class PollingThread implements AutoCloseable {
  protected final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  protected volatile boolean running = true;

  PollingThread(String bootstrapServers, Map<String, Object> settings, String threadName) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.putAll(settings);
    this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::poll, threadName);
    this.thread.setDaemon(true);
  }

  void startThread() {
    thread.start();
  }

  /** The polling loop; runs until {@link #running} is false or the consumer is woken. */
  protected abstract void poll();

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) consumer.close(Duration.ZERO);
  }
}
