package dev.citywatch.jobs.io;

import dev.citywatch.model.wire.WireFormatException;
import dev.citywatch.model.wire.WireJson;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSON record values of a CityWatch Kafka topic (docs/wire-format.md) as {@code type}. A
 * value that breaks the wire contract (only a foreign producer could write one) is counted and
 * logged with its position, so it can be found, and skipped.
 */
public class WireRecordDeserializer<T> implements KafkaRecordDeserializationSchema<T> {
  private static final Logger LOG = LoggerFactory.getLogger(WireRecordDeserializer.class);
  private final Class<T> type;
  private transient Counter invalid;

  public WireRecordDeserializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    invalid = context.getMetricGroup().counter("citywatchInvalidRecords");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
    try {
      out.collect(arrived(WireJson.read(record.value(), type), record));
    } catch (WireFormatException e) {
      if (invalid != null) invalid.inc();
      LOG.warn("[topic={} partition={} offset={}] skipped a record that is not a valid {}: {}", record.topic(), record.partition(),
          record.offset(), type.getSimpleName(), e.getMessage());
    }
  }

  /** The value as it arrived from {@code record}: as read, unless a reader for one type stamps it. */
  protected T arrived(T value, ConsumerRecord<byte[], byte[]> record) {
    return value;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return TypeInformation.of(type);
  }
}
