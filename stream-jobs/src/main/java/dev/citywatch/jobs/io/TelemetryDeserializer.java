package dev.citywatch.jobs.io;

import dev.citywatch.model.Measurement;
import dev.citywatch.model.TelemetryRecord;
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
 * Reads {@code citywatch.telemetry} records and emits one {@link Measurement} per reading. A record
 * that breaks the wire contract (only a foreign producer could write one) is counted and logged
 * with its position, so it can be found, and skipped.
 */
public final class TelemetryDeserializer implements KafkaRecordDeserializationSchema<Measurement> {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryDeserializer.class);
  private transient Counter invalid;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    invalid = context.getMetricGroup().counter("citywatchInvalidTelemetryRecords");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Measurement> out) {
    try {
      for (Measurement m : WireJson.read(record.value(), TelemetryRecord.class).measurements()) {
        out.collect(m);
      }
    } catch (WireFormatException e) {
      if (invalid != null) invalid.inc();
      LOG.warn("[topic={} partition={} offset={}] skipped invalid telemetry record: {}",
          record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }

  @Override
  public TypeInformation<Measurement> getProducedType() {
    return TypeInformation.of(Measurement.class);
  }
}
