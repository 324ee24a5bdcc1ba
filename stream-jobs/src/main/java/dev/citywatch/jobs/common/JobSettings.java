package dev.citywatch.jobs.common;

import dev.citywatch.model.Topics;
import dev.citywatch.model.yaml.YamlFields;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * A job's command line, read once and checked as a whole (every problem named at once):
 *
 * <pre>
 * --kafka host:9092            (required)
 * --influx http://host:8086    (required by the storage job and for the detection job's alert points)
 * --database citywatch
 * --inventory FILE  --criteria FILE         (default: the committed inventory and shipped criteria)
 * --checkpoint-interval 10s  --checkpoint-dir URI       (default: the cluster's execution.checkpointing.dir)
 * --out-of-orderness 30s  --idleness 1m  --dedup-retention 10m
 * --telemetry-topic / --status-topic / --dlq-topic / --alerts-topic   (default: the citywatch.* topics)
 * --group NAME                              (default: the job's name)
 * </pre>
 */
public record JobSettings(
    String kafka, String influx, String database, Optional<Path> inventory, Optional<Path> criteria, Duration checkpointInterval,
    Optional<String> checkpointDir, Duration outOfOrderness, Duration idleness, Duration dedupRetention, String telemetryTopic, String statusTopic, String dlqTopic,
    String alertsTopic, String group) {

  public static JobSettings from(String[] args, String jobName) {
    ParameterTool p = ParameterTool.fromArgs(args);
    List<String> problems = new ArrayList<>();
    String kafka = p.get("kafka");
    if (kafka == null || kafka.isBlank()) problems.add("--kafka host:port is required");
    String influx = p.get("influx");
    if (influx == null || influx.isBlank()) problems.add("--influx http://host:8086 is required");
    String database = p.get("database", "citywatch");
    if (!database.matches("[A-Za-z0-9_]+")) problems.add("--database must be letters, digits and _, got '" + database + "'");
    Duration checkpoint = duration(p, "checkpoint-interval", "10s", problems);
    Duration outOfOrder = duration(p, "out-of-orderness", "30s", problems);
    Duration idle = duration(p, "idleness", "1m", problems);
    Duration dedup = duration(p, "dedup-retention", "10m", problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid arguments for " + jobName + ": " + String.join("; ", problems));
    }
    return new JobSettings(kafka, influx, database, Optional.ofNullable(p.get("inventory")).map(Path::of),
        Optional.ofNullable(p.get("criteria")).map(Path::of), checkpoint, Optional.ofNullable(p.get("checkpoint-dir")), outOfOrder,
        idle, dedup,
        p.get("telemetry-topic", Topics.KAFKA_TELEMETRY), p.get("status-topic", Topics.KAFKA_DEVICE_STATUS),
        p.get("dlq-topic", Topics.KAFKA_TELEMETRY_DLQ), p.get("alerts-topic", Topics.KAFKA_ALERTS), p.get("group", jobName));
  }

  /** Settings for tests and the demo: everything on its default but the servers, topics and group. */
  public static JobSettings of(String kafka, String influx, String database, String telemetryTopic, String statusTopic, String dlqTopic,
                               String alertsTopic, String group) {
    return new JobSettings(kafka, influx, database, Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Optional.empty(),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1), Duration.ofMinutes(10), telemetryTopic, statusTopic, dlqTopic, alertsTopic, group);
  }

  /**
   * Checkpoints every {@code checkpointInterval}, to {@code --checkpoint-dir} or the cluster's
   * {@code execution.checkpointing.dir}, kept when the job is cancelled (so it can be started again
   * from the latest one: {@code flink run -s <checkpoint>}); without a directory they live in the
   * JobManager's memory and go with the job. Restarts after a failure with exponentially growing
   * delays, as long as it takes.
   *
   * <p>At least half an interval passes between the end of one checkpoint and the start of the
   * next, so a slow checkpoint (InfluxDB away, a backlog) still leaves the job time to process
   * between checkpoints. Flink also starts the first checkpoint at a random moment between that
   * pause and the interval after the job starts, so the first one never comes at once.
   */
  public void applyTo(StreamExecutionEnvironment env) {
    env.enableCheckpointing(checkpointInterval.toMillis());
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, checkpointInterval.dividedBy(2));
    checkpointDir.ifPresent(dir -> conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
    env.configure(conf);
    passRecordsUncopied(env);
    if (checkpointDir.isPresent() || env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).isPresent()) {
      env.getCheckpointConfig().setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }
  }

  /**
   * Chained operators hand each record on as it is instead of copying it first. Flink copies by
   * default in case a function changes a record after emitting it or keeps one it was given;
   * every type that flows through the jobs is an immutable Java record (lists and maps copied in
   * the compact constructor, never changed after), so the copies only cost time: a third of the
   * detection job's CPU went to {@code PojoSerializer.copy} (JFR, {@code ./citywatch bench detection}).
   */
  public static void passRecordsUncopied(StreamExecutionEnvironment env) {
    env.configure(new Configuration().set(PipelineOptions.OBJECT_REUSE, true));
  }

  /** The same settings under another consumer group (each job reads the topics for itself). */
  public JobSettings withGroup(String newGroup) {
    return new JobSettings(kafka, influx, database, inventory, criteria, checkpointInterval, checkpointDir, outOfOrderness, idleness,
        dedupRetention,
        telemetryTopic, statusTopic, dlqTopic, alertsTopic, newGroup);
  }

  /** The same settings with readings allowed to arrive {@code bound} of event time out of order. */
  public JobSettings withOutOfOrderness(Duration bound) {
    return new JobSettings(kafka, influx, database, inventory, criteria, checkpointInterval, checkpointDir, bound, idleness,
        dedupRetention, telemetryTopic, statusTopic, dlqTopic, alertsTopic, group);
  }

  /** The same settings checkpointing every {@code interval}. */
  public JobSettings withCheckpointInterval(Duration interval) {
    return new JobSettings(kafka, influx, database, inventory, criteria, interval, checkpointDir, outOfOrderness, idleness,
        dedupRetention, telemetryTopic, statusTopic, dlqTopic, alertsTopic, group);
  }

  private static Duration duration(ParameterTool p, String name, String fallback, List<String> problems) {
    String text = p.get(name, fallback);
    Optional<Duration> d = YamlFields.parseDuration(text);
    if (d.isEmpty()) {
      problems.add("--" + name + " must be a duration such as 30s, 5m or 1h, got '" + text + "'");
      return YamlFields.parseDuration(fallback).orElseThrow();
    }
    return d.get();
  }
}
