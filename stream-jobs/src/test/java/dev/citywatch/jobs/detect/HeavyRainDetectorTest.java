package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.at;
import static dev.citywatch.jobs.Records.drain;
import static dev.citywatch.jobs.Records.feed;
import static dev.citywatch.jobs.Records.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.detect.disaster.HeavyRainDetector;
import dev.citywatch.model.Alert;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Severity;
import dev.citywatch.model.TelemetryRecord;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeavyRainDetectorTest {
  private static final String GAUGE = "wonju-rg-003";
  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryRecord, Alert> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new HeavyRainDetector(CITY), TelemetryRecord::key, Types.STRING);
  }

  /** {@code mm} of rain spread evenly over readings every {@code step} seconds from {@code from}. */
  private void rain(long from, int readings, long step, double mm) throws Exception {
    for (int i = 1; i <= readings; i++) feed(h, at(GAUGE, from + i * step, Quantity.RAINFALL, mm / readings));
  }

  @Test
  void cautionFiresWithTheReadingThatMakes60MillimetresIn3HoursAndNotBefore() throws Exception {
    rain(0, 30, 360, 29.9); // 29.9 mm over 3 h: nothing (and under 30 mm in any hour)
    assertThat(drain(h)).isEmpty();
    feed(h, at(GAUGE, 30 * 360 + 60, Quantity.RAINFALL, 30.0)); // now 59.9 in 3 h, and 30.0 within the hour
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.ATTENTION));
    feed(h, at(GAUGE, 30 * 360 + 120, Quantity.RAINFALL, 0.1)); // 60.0 mm in 3 h
    List<Alert> update = drain(h);
    assertThat(update).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.UPDATED);
      assertThat(a.version()).isEqualTo(2);
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      assertThat(a.evidence()).containsEntry("rain_3h_mm", 60.0);
      assertThat(a.headlineKo()).contains("호우주의보");
      assertThat(a.headlineEn()).contains("advisory");
    });
  }

  @Test
  void warningAt90MillimetresIn3HoursFiresOnceAndRepeatsNothingWhileUnchanged() throws Exception {
    feed(h, at(GAUGE, 600, Quantity.RAINFALL, 89.9));
    assertThat(drain(h)).extracting(Alert::severity).containsExactly(Severity.CAUTION);
    feed(h, at(GAUGE, 660, Quantity.RAINFALL, 0.1));
    assertThat(drain(h)).extracting(Alert::severity).containsExactly(Severity.WARNING);
    feed(h, at(GAUGE, 720, Quantity.RAINFALL, 5));
    feed(h, at(GAUGE, 780, Quantity.RAINFALL, 5));
    assertThat(drain(h)).as("no repeat while unchanged").isEmpty();
  }

  @Test
  void resolvesAnHourAfterTheLinesLastHeldAndThenForgetsEverything() throws Exception {
    feed(h, at(GAUGE, 0, Quantity.RAINFALL, 65));
    Alert firing = drain(h).get(0);
    for (long s = 600; s <= 5 * 3600; s += 600) feed(h, at(GAUGE, s, Quantity.RAINFALL, 0.0)); // dry readings every 10 minutes
    // The reading at 02:50 was the last whose 3 hours held the 65 mm; an hour after it, it resolves.
    h.processWatermark(millis(2 * 3600 + 3000 + 3600 - 1));
    assertThat(drain(h)).as("not before 03:50").isEmpty();
    h.processWatermark(millis(2 * 3600 + 3000 + 3600));
    List<Alert> resolved = drain(h);
    assertThat(resolved).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
      assertThat(a.alertId()).isEqualTo(firing.alertId());
      assertThat(a.version()).isEqualTo(2);
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
    });
    h.processWatermark(millis(30 * 3600));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aReadingThatArrivesOutOfOrderCountsInTheWindowItBelongsTo() throws Exception {
    feed(h, at(GAUGE, 7200, Quantity.RAINFALL, 40));
    feed(h, at(GAUGE, 3600, Quantity.RAINFALL, 25)); // earlier, arriving later: 65 mm in 3 h at 7200
    assertThat(drain(h)).extracting(Alert::severity).containsExactly(Severity.ATTENTION, Severity.CAUTION);
  }

  @Test
  void theSameInputGivesTheSameAlertIds() throws Exception {
    feed(h, at(GAUGE, 100, Quantity.RAINFALL, 95));
    String first = drain(h).get(0).alertId();
    harness();
    feed(h, at(GAUGE, 100, Quantity.RAINFALL, 95));
    assertThat(drain(h).get(0).alertId()).isEqualTo(first).startsWith("wonju:heavy_rain:" + GAUGE + ":");
  }
}
