package dev.citywatch.jobs.io;

import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.api.connector.source.Source;

/** The inputs both jobs read: telemetry, device status and refused payloads. */
public record JobSources(Source<TelemetryRecord, ?, ?> telemetry, Source<DeviceStatus, ?, ?> status, Source<DeadLetter, ?, ?> deadLetters) {
  /** The three topics of {@code s} from Kafka in the job's consumer group, fetched as {@code fetching} says. */
  public static JobSources fromKafka(JobSettings s, KafkaSources.Fetching fetching) {
    return new JobSources(KafkaSources.telemetry(s.kafka(), s.telemetryTopic(), s.group(), fetching),
        KafkaSources.deviceStatus(s.kafka(), s.statusTopic(), s.group(), fetching),
        KafkaSources.deadLetters(s.kafka(), s.dlqTopic(), s.group(), fetching));
  }
}
