package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.at;
import static dev.citywatch.jobs.Records.drain;
import static dev.citywatch.jobs.Records.feed;
import static dev.citywatch.jobs.Records.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.detect.disaster.FloodDetector;
import dev.citywatch.model.Alert;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wonju-rv-003: 관심 1.39 m, 주의 1.85, 경계 2.41, 심각 2.96. */
class FloodDetectorTest {
  private static final String GAUGE = "wonju-rv-003";
  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryRecord, Alert> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new FloodDetector(CITY), TelemetryRecord::key, Types.STRING);
  }

  private void level(long seconds, double metres) throws Exception {
    feed(h, at(GAUGE, seconds, Quantity.RIVER_LEVEL, metres));
  }

  @Test
  void firesAtTheGaugesOwnAttentionLevelAndNotJustBelowIt() throws Exception {
    for (int i = 0; i < 40; i++) level(i * 60, 1.389);
    assertThat(drain(h)).isEmpty();
    level(40 * 60, 1.39);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.FIRING);
      assertThat(a.severity()).isEqualTo(Severity.ATTENTION);
      assertThat(a.headlineKo()).startsWith("원주천").contains("관심");
      assertThat(a.evidence()).containsEntry("level_m", 1.39).containsEntry("attention_m", 1.39);
    });
  }

  @Test
  void aFastRiseRaisesTheLevelOneStepAndASteadyStageDoesNot() throws Exception {
    // 1 cm a minute is 0.6 m/h, faster than 0.5 m/h: reaching 관심 (1.39 m) reads as 주의.
    for (int i = 0; i <= 31; i++) level(i * 60, cm(108 + i));
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      assertThat(a.evidence()).containsEntry("level_m", 1.39).containsEntry("rise_m_per_h", 0.6);
    });
    harness();
    for (int i = 0; i <= 30; i++) level(i * 60, 1.90);
    assertThat(drain(h)).extracting(Alert::severity).containsExactly(Severity.CAUTION);
  }

  @Test
  void aRiseJustUnderTheEscalationRateKeepsTheStagesOwnLevel() throws Exception {
    // 24 cm in 30 minutes: 0.48 m/h, just under the 0.5 m/h that would raise 관심 to 주의.
    for (int i = 0; i <= 30; i++) level(i * 60, cm(115 + (i * 24) / 30));
    assertThat(drain(h)).extracting(Alert::severity).containsExactly(Severity.ATTENTION);
  }

  private static double cm(int centimetres) {
    return centimetres / 100.0;
  }

  @Test
  void resolvesOnlyAfterThirtyMinutesBelowTheLowestLevelAndThenForgets() throws Exception {
    level(0, 2.0);
    assertThat(drain(h)).hasSize(1);
    level(60, 1.30); // below
    level(20 * 60, 1.40); // back above within 30 minutes: hysteresis keeps it open
    level(40 * 60, 1.30);
    h.processWatermark(millis(20 * 60 + 1799));
    assertThat(drain(h)).as("29:59 after the stage was last at a level").isEmpty();
    h.processWatermark(millis(20 * 60 + 1800));
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
      assertThat(a.severity()).as("the highest severity reached").isEqualTo(Severity.CAUTION);
      assertThat(a.version()).isEqualTo(2);
      assertThat(a.eventTime()).isEqualTo(java.time.Instant.ofEpochMilli(millis(20 * 60 + 1800)));
    });
    for (int i = 51; i <= 60; i++) level(i * 60, 1.30);
    assertThat(drain(h)).isEmpty();
    h.processWatermark(millis(3 * 3600));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }
}
