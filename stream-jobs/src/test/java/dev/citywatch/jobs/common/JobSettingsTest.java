package dev.citywatch.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.model.Topics;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class JobSettingsTest {
  @Test
  void defaultsEverythingButTheServers() {
    JobSettings s = JobSettings.from(new String[] {"--kafka", "k:9092", "--influx", "http://i:8086"}, "job");
    assertThat(s.database()).isEqualTo("citywatch");
    assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.checkpointDir()).isEmpty();
    assertThat(s.outOfOrderness()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.idleness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.dedupRetention()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.telemetryTopic()).isEqualTo(Topics.KAFKA_TELEMETRY);
    assertThat(s.alertsTopic()).isEqualTo(Topics.KAFKA_ALERTS);
    assertThat(s.group()).isEqualTo("job");
    assertThat(s.inventory()).isEmpty();
  }

  @Test
  void leavesAtLeastHalfAnIntervalBetweenCheckpoints() {
    JobSettings s = JobSettings.from(new String[] {"--kafka", "k:9092", "--influx", "http://i:8086", "--checkpoint-interval", "1m"}, "job");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    s.applyTo(env);
    assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(60_000);
    assertThat(env.getCheckpointConfig().getMinPauseBetweenCheckpoints()).isEqualTo(30_000);
  }

  @Test
  void readsEveryOption() {
    JobSettings s = JobSettings.from(new String[] {"--kafka", "k:9092", "--influx", "http://i:8086", "--database", "city_2",
        "--checkpoint-interval", "1m30s", "--checkpoint-dir", "file:///var/ckpt", "--out-of-orderness", "5s", "--group", "g",
        "--alerts-topic", "a"}, "job");
    assertThat(s.database()).isEqualTo("city_2");
    assertThat(s.checkpointInterval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(s.checkpointDir()).isEqualTo(Optional.of("file:///var/ckpt"));
    assertThat(s.outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.group()).isEqualTo("g");
    assertThat(s.alertsTopic()).isEqualTo("a");
  }

  @Test
  void namesEveryProblemAtOnce() {
    assertThatThrownBy(() -> JobSettings.from(new String[] {"--database", "my-db", "--idleness", "soon"}, "citywatch-storage"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid arguments for citywatch-storage")
        .hasMessageContaining("--kafka host:port is required")
        .hasMessageContaining("--influx http://host:8086 is required")
        .hasMessageContaining("--database must be letters, digits and _, got 'my-db'")
        .hasMessageContaining("--idleness must be a duration such as 30s, 5m or 1h, got 'soon'");
  }
}
