package dev.citywatch.jobs.detect.alert;

import dev.citywatch.model.Alert;
import dev.citywatch.model.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes alerts to {@code citywatch.alerts}: key the alert id (so one alert's steps stay in order
 * on one partition), value the versioned JSON of docs/wire-format.md with {@code emitted_at} set as
 * it leaves.
 */
public final class AlertRecords implements KafkaRecordSerializationSchema<Alert> {
  private final String topic;

  public AlertRecords(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(Alert a, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, a.alertId().getBytes(StandardCharsets.UTF_8), WireJson.write(a.emitted(Instant.now())));
  }
}
