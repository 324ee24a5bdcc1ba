package dev.citywatch.jobs.io;

import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The jobs' Kafka sources (FLIP-27): from the committed offsets of the job's consumer group, or the
 * earliest offset when the group is new, so a fresh deployment reads what is already there.
 *
 * <p>How long a fetch may wait for data ({@link Fetching}) is the trade between latency and the
 * broker's work: with Kafka's defaults a fetch returns as soon as one record is there, and under a
 * steady stream the broker answered thousands of small fetches a second for each reader (a Kafka
 * broker busy at 14 % of a core at 2,000 msg/s: CPU ledger of {@code bench pipeline}).
 */
public final class KafkaSources {
  private KafkaSources() {}

  /** How a job's readers fetch. */
  public enum Fetching {
    /** Alerts wait on it: a fetch returns after at most 10 ms, sooner once 16 KiB are there. */
    PROMPT(10, 16 * 1024),
    /** Storage: a fetch returns after at most 100 ms, sooner once 256 KiB are there. */
    BATCHED(100, 256 * 1024);

    private final int maxWaitMillis;
    private final int minBytes;

    Fetching(int maxWaitMillis, int minBytes) {
      this.maxWaitMillis = maxWaitMillis;
      this.minBytes = minBytes;
    }
  }

  public static KafkaSource<TelemetryRecord> telemetry(String bootstrap, String topic, String group, Fetching fetching) {
    return of(bootstrap, topic, group, new TelemetryReader(), fetching);
  }

  public static KafkaSource<DeviceStatus> deviceStatus(String bootstrap, String topic, String group, Fetching fetching) {
    return of(bootstrap, topic, group, new WireRecordDeserializer<>(DeviceStatus.class), fetching);
  }

  public static KafkaSource<DeadLetter> deadLetters(String bootstrap, String topic, String group, Fetching fetching) {
    return of(bootstrap, topic, group, new WireRecordDeserializer<>(DeadLetter.class), fetching);
  }

  private static <T> KafkaSource<T> of(String bootstrap, String topic, String group, WireRecordDeserializer<T> reader,
                                       Fetching fetching) {
    return KafkaSource.<T>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(group)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(reader)
        .setProperty(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(fetching.maxWaitMillis))
        .setProperty(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(fetching.minBytes))
        .build();
  }
}
