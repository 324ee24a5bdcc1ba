package dev.citywatch.jobs;

import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.testkit.KafkaEndpoint;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes wire records to Kafka as the gateway does (JSON, key {@code tenant/deviceId}). */
public final class Wire implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;

  public Wire(KafkaEndpoint kafka) {
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer());
  }

  public void send(String topic, TelemetryRecord r) {
    producer.send(new ProducerRecord<>(topic, r.key(), WireJson.write(r)));
  }

  public void send(String topic, DeviceStatus s) {
    producer.send(new ProducerRecord<>(topic, s.key(), WireJson.write(s)));
  }

  public void send(String topic, DeadLetter d) {
    producer.send(new ProducerRecord<>(topic, d.key(), WireJson.write(d)));
  }

  /** Waits until everything sent so far is in Kafka. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(30));
  }

  static void sleep(long millis) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(millis);
  }
}
