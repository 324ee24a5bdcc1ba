package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.T0;
import static dev.citywatch.jobs.Records.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.detect.disaster.EarthquakeAssociator;
import dev.citywatch.jobs.detect.disaster.StationTrigger;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.Trail;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stations: sz-003 (호저면) and sz-004 (지정면) are about 3.7 km apart, sz-007 (흥업면) about 10 km
 * from both; sz-001 (문막읍) and sz-002 (소초면) are about 20 km apart. P waves at 6 km/s, slack 3 s.
 * Intensity 관심 from MMI 3.0, which is 8.11 cm/s² of peak acceleration.
 */
class EarthquakeAssociatorTest {
  private KeyedOneInputStreamOperatorTestHarness<String, StationTrigger, Alert> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new EarthquakeAssociator(CITY), StationTrigger::tenant, Types.STRING);
  }

  private void trigger(String station, long millis, double peak) throws Exception {
    long t = T0.toEpochMilli() + millis;
    h.processElement(new StationTrigger("wonju", "wonju-" + station, t, peak, false, new Trail(T0.plusMillis(millis + 50), null, null)), t);
  }

  @Test
  void threeStationsWhoseTimesPWavesExplainMakeOneEvent() throws Exception {
    trigger("sz-003", 0, 0.5);
    trigger("sz-004", 400, 0.4);
    assertThat(drain(h)).as("two stations are not an event").isEmpty();
    trigger("sz-007", 1_500, 0.3);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.EARTHQUAKE);
      assertThat(a.subject()).isEqualTo("wonju");
      assertThat(a.severity()).as("50 cm/s² is MMI 4.6").isEqualTo(Severity.ATTENTION);
      assertThat(a.eventTime()).as("the first trigger").isEqualTo(T0);
      assertThat(a.evidence()).containsEntry("stations", 3.0).containsEntry("peak_pga_cm_s2", 50.0);
      assertThat(a.headlineKo()).contains("지진 감지").contains("wonju-sz-003");
    });
    trigger("sz-008", 2_000, 0.2);
    assertThat(drain(h)).as("a fourth station adds nothing new").isEmpty();
  }

  @Test
  void strongerShakingUpdatesTheSameEventAndFiveQuietMinutesResolveIt() throws Exception {
    trigger("sz-003", 0, 0.5);
    trigger("sz-004", 400, 0.4);
    trigger("sz-007", 1_500, 0.3);
    trigger("sz-003", 3_000, 1.5); // the S wave: 150 cm/s², MMI 6.3
    assertThat(drain(h)).extracting(Alert::state, Alert::severity, Alert::version).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Alert.State.FIRING, Severity.ATTENTION, 1L),
        org.assertj.core.groups.Tuple.tuple(Alert.State.UPDATED, Severity.WARNING, 2L));
    h.processWatermark(T0.toEpochMilli() + 3_000 + 299_999);
    assertThat(drain(h)).isEmpty();
    h.processWatermark(T0.toEpochMilli() + 3_000 + 300_000);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
      assertThat(a.severity()).isEqualTo(Severity.WARNING);
      assertThat(a.alertId()).isEqualTo("wonju:earthquake:wonju:" + T0.getEpochSecond());
    });
    h.processWatermark(T0.toEpochMilli() + 3_600_000);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void triggersTooFarApartForTheirDistanceAreNotAnEvent() throws Exception {
    trigger("sz-001", 0, 0.5);
    trigger("sz-002", 10_000, 0.5); // 20 km needs at most 3.3 s + 3 s
    trigger("sz-003", 20_000, 0.5);
    assertThat(drain(h)).isEmpty();
    h.processWatermark(T0.toEpochMilli() + 200_000);
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void fromIntensityThreeAndNotJustBelow() throws Exception {
    double threshold = Math.pow(10, 2 / 2.2) / 100; // m/s²
    trigger("sz-003", 0, threshold * 0.99);
    trigger("sz-004", 400, threshold * 0.99);
    trigger("sz-007", 1_500, threshold * 0.99);
    assertThat(drain(h)).isEmpty();
    trigger("sz-008", 1_800, threshold * 1.01);
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.ATTENTION));
  }

  @Test
  void triggersArrivingOutOfOrderStillAssociate() throws Exception {
    trigger("sz-007", 1_500, 0.3);
    trigger("sz-004", 400, 0.4);
    trigger("sz-003", 0, 0.5);
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.eventTime()).isEqualTo(T0));
  }
}
