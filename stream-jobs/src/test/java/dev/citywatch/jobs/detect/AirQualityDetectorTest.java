package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.at;
import static dev.citywatch.jobs.Records.drain;
import static dev.citywatch.jobs.Records.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.InOrder;
import dev.citywatch.jobs.Records;
import dev.citywatch.jobs.detect.disaster.AirQualityDetector;
import dev.citywatch.model.Alert;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AirQualityDetectorTest {
  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryRecord, Alert> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new AirQualityDetector(CITY), TelemetryRecord::tenant, Types.STRING);
    in = new InOrder<>(h);
  }

  private InOrder<TelemetryRecord> in;

  private void feed(KeyedOneInputStreamOperatorTestHarness<String, TelemetryRecord, Alert> ignored, TelemetryRecord r) throws Exception {
    in.feed(r, r.eventTime().toEpochMilli());
  }

  /** Two stations, every minute from {@code from} for {@code minutes}, at these PM10 and PM2.5 values. */
  private void air(long fromMinute, int minutes, double pm10a, double pm10b, double pm25) throws Exception {
    for (long m = fromMinute; m < fromMinute + minutes; m++) {
      feed(h, at("wonju-aq-001", m * 60, Quantity.PM10, pm10a, Quantity.PM25, pm25));
      feed(h, at("wonju-aq-002", m * 60 + 30, Quantity.PM10, pm10b, Quantity.PM25, pm25));
    }
  }

  @Test
  void anAdvisoryNeedsTheCitysHourlyMeanAt150ForTwoHours() throws Exception {
    air(0, 300, 149.9, 149.9, 30); // just below for five hours
    assertThat(drain(h)).isEmpty();
    harness();
    air(0, 60, 100, 100, 30);
    air(60, 200, 140, 160, 30); // the mean of the two stations is 150 from minute 120 on
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.subject()).isEqualTo("pm10");
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      assertThat(a.eventTime()).isAfterOrEqualTo(dev.citywatch.jobs.Records.T0.plusSeconds(4 * 3600 - 60));
      assertThat(a.headlineKo()).contains("PM10 주의보");
    });
  }

  @Test
  void aPm25WarningStepsDownBelow75ClearsBelow35AndTheStateGoes() throws Exception {
    air(0, 119, 50, 50, 160);
    assertThat(drain(h)).as("not yet two hours").isEmpty();
    air(119, 81, 50, 50, 160);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.subject()).isEqualTo("pm25");
      assertThat(a.state()).isEqualTo(Alert.State.FIRING);
      assertThat(a.severity()).as("at or above 150 for two hours from the start").isEqualTo(Severity.WARNING);
      assertThat(a.eventTime()).isEqualTo(Records.T0.plusSeconds(120 * 60));
      assertThat(a.headlineKo()).contains("PM2.5 경보");
    });
    air(200, 60, 50, 50, 60);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.UPDATED);
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      assertThat(a.version()).isEqualTo(2);
    });
    air(260, 120, 50, 50, 20);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
      assertThat(a.version()).isEqualTo(3);
      assertThat((Double) a.evidence().get("pm25_hourly_mean_ug_m3")).isLessThan(35);
    });
    h.processWatermark(millis(10 * 3600));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aStationThatFallsSilentLeavesTheMeanAfterAnHour() throws Exception {
    air(0, 60, 200, 100, 10); // mean 150: at the advisory line
    for (long m = 60; m <= 120; m++) feed(h, at("wonju-aq-001", m * 60, Quantity.PM10, 200, Quantity.PM25, 10));
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      assertThat(a.evidence()).as("wonju-aq-002 last reported at 00:59:30").containsEntry("pm10_hourly_mean_ug_m3", 200.0);
    });
  }

  @Test
  void aStationReportingOneFractionOnlyIsLeftOutOfThatMinuteAndNeverFailsTheJob() throws Exception {
    for (long m = 0; m < 180; m++) {
      feed(h, at("wonju-aq-001", m * 60, Quantity.PM10, 900.0)); // PM10 alone: not paired, not counted
      feed(h, at("wonju-aq-002", m * 60 + 30, Quantity.PM25, 900.0)); // PM2.5 alone: not counted either
    }
    assertThat(drain(h)).isEmpty();
  }
}
