package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.at;
import static dev.citywatch.jobs.Records.drain;
import static dev.citywatch.jobs.Records.feed;
import static dev.citywatch.jobs.Records.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.detect.disaster.FireDetector;
import dev.citywatch.model.Alert;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FireDetectorTest {
  private static final String SENSOR = "wonju-fr-007";
  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryRecord, Alert> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new FireDetector(CITY), TelemetryRecord::key, Types.STRING);
  }

  private void reading(long seconds, double celsius, double smoke) throws Exception {
    feed(h, at(SENSOR, seconds, Quantity.TEMPERATURE, celsius, Quantity.SMOKE, smoke));
  }

  @Test
  void theFixedTemperatureFiresAt57AndNotAt56Point9() throws Exception {
    reading(0, 56.9, 0.5);
    reading(600, 56.9, 0.5);
    assertThat(drain(h)).isEmpty();
    reading(1200, 57.0, 0.5);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      assertThat(a.headlineEn()).startsWith("Possible fire");
    });
  }

  @Test
  void aRateOfRiseMustBeSustainedAndSmokeConfirmsTheFire() throws Exception {
    reading(0, 22, 0.5);
    reading(10, 23.4, 0.5); // 8.4 °C/min once: not yet
    assertThat(drain(h)).isEmpty();
    reading(20, 24.8, 0.5); // twice in a row: heat
    assertThat(drain(h)).extracting(Alert::severity).containsExactly(Severity.CAUTION);
    reading(30, 26.2, 12.0); // smoke confirms
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.UPDATED);
      assertThat(a.severity()).isEqualTo(Severity.WARNING);
      assertThat(a.headlineKo()).contains("연기 확인");
    });
  }

  @Test
  void resolvesTenMinutesAfterHeatAndSmokeClearAndForgets() throws Exception {
    reading(0, 80, 40);
    assertThat(drain(h)).hasSize(1);
    reading(300, 30, 20); // no heat, but smoke: still a fire
    for (int s = 310; s <= 1200; s += 10) reading(s, 25, 0.5);
    h.processWatermark(millis(300 + 599));
    assertThat(drain(h)).isEmpty();
    h.processWatermark(millis(300 + 600));
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
    h.processWatermark(millis(3600 * 2));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aReadingWithoutSmokeCountsAsNoSmokeAndOneWithoutTemperatureNeverFailsTheJob() throws Exception {
    feed(h, at(SENSOR, 0, Quantity.SMOKE, 30.0)); // smoke only: no heat to judge, nothing raised
    assertThat(drain(h)).isEmpty();
    feed(h, at(SENSOR, 10, Quantity.TEMPERATURE, 90.0)); // temperature only (as mosquitto_pub users send it)
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      assertThat(a.evidence()).containsEntry("smoke_percent", 0.0);
    });
  }
}
