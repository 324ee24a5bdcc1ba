package dev.citywatch.jobs.io;

import dev.citywatch.jobs.types.RecordTypes;
import dev.citywatch.model.TelemetryRecord;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code citywatch.telemetry} and stamps each record with when Kafka appended it (the
 * record's timestamp: the topic keeps log-append time) and when it was read here, the first stages
 * of an alert's latency ledger.
 */
public final class TelemetryReader extends WireRecordDeserializer<TelemetryRecord> {
  public TelemetryReader() {
    super(TelemetryRecord.class);
  }

  @Override
  public TypeInformation<TelemetryRecord> getProducedType() {
    return RecordTypes.TELEMETRY;
  }

  @Override
  protected TelemetryRecord arrived(TelemetryRecord value, ConsumerRecord<byte[], byte[]> record) {
    return value.arrived(Instant.ofEpochMilli(record.timestamp()), Instant.now());
  }
}
