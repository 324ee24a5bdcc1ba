package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.T0;
import static dev.citywatch.jobs.Records.drain;
import static dev.citywatch.jobs.Records.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.InOrder;
import dev.citywatch.jobs.detect.traffic.CongestionDetector;
import dev.citywatch.jobs.detect.traffic.LoopReading;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import dev.citywatch.model.Trail;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wonil-nb-1 (urban arterial: 정체 below 15 km/h) has detectors wonju-tl-001 and -002; 정체 must last 2 minutes. */
class CongestionDetectorTest {
  private KeyedOneInputStreamOperatorTestHarness<String, LoopReading, Alert> h;
  private InOrder<LoopReading> in;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new CongestionDetector(CITY), LoopReading::segmentKey, Types.STRING);
    in = new InOrder<>(h);
  }

  private void speed(String detector, long seconds, double kmh) throws Exception {
    in.feed(new LoopReading("wonju", "wonil-nb-1", "wonju-" + detector, millis(seconds), kmh, 10, 30,
        new Trail(T0.plusSeconds(seconds).plusMillis(80), null, null)), millis(seconds));
  }

  /** Both detectors every 30 s (the second 15 s after the first) from {@code from} to {@code to} seconds. */
  private void both(long from, long to, double kmh) throws Exception {
    for (long t = from; t < to; t += 30) {
      speed("tl-001", t, kmh);
      speed("tl-002", t + 15, kmh);
    }
  }

  @Test
  void firesOnceEveryUpdateHasReadCongestedForTwoMinutes() throws Exception {
    both(0, 120, 14.9);
    assertThat(drain(h)).as("1:45 of 정체").isEmpty();
    speed("tl-001", 120, 14.9);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.TRAFFIC_CONGESTION);
      assertThat(a.subject()).isEqualTo("wonil-nb-1");
      assertThat(a.severity()).isEqualTo(Severity.ATTENTION);
      assertThat(a.eventTime()).isEqualTo(T0.plusSeconds(120));
      assertThat(a.headlineKo()).contains("원일로 북행 1구간").contains("정체");
      assertThat(a.evidence()).containsEntry("mean_speed_kmh", 14.9).containsEntry("congested_below_kmh", 15.0);
    });
    both(135, 600, 10);
    assertThat(drain(h)).as("no repeat while unchanged").isEmpty();
  }

  @Test
  void fifteenKilometresAnHourIsSlowNotCongested() throws Exception {
    both(0, 1_800, 15.0);
    assertThat(drain(h)).isEmpty();
  }

  @Test
  void oneSlowReadingOrOneSlowDetectorNeverAlerts() throws Exception {
    both(0, 300, 40);
    speed("tl-001", 300, 2); // the mean is 21
    both(330, 600, 40);
    both(600, 900, 40);
    for (long t = 900; t < 1_800; t += 30) {
      speed("tl-001", t, 3);
      speed("tl-002", t + 15, 40);
    }
    assertThat(drain(h)).isEmpty();
  }

  @Test
  void resolvesAfterTwoMinutesOutOfCongestionAndThenForgets() throws Exception {
    both(0, 300, 8);
    assertThat(drain(h)).hasSize(1);
    both(300, 390, 30); // 1:45 flowing, then congested again
    both(390, 420, 8);
    both(420, 540, 30);
    assertThat(drain(h)).isEmpty();
    speed("tl-001", 540, 30);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
      assertThat(a.version()).isEqualTo(2);
      assertThat(a.headlineKo()).contains("정체 해소");
    });
    h.processWatermark(millis(540 + 30 * 60));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void aDetectorsOldReadingArrivingLateDoesNotOverrideItsNewerOne() throws Exception {
    both(0, 120, 40);
    for (long t = 0; t < 120; t += 30) speed("tl-001", t, 5); // copies of old readings, slow
    both(120, 300, 40);
    assertThat(drain(h)).isEmpty();
  }

  @Test
  void aDetectorSilentForFiveMinutesNoLongerSpeaksForTheSegment() throws Exception {
    both(0, 60, 40);
    // tl-002 last said 40 at 0:45; from 6:00 that is over five minutes old and 정체 starts
    for (long t = 60; t <= 600; t += 30) speed("tl-001", t, 8);
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.eventTime()).isEqualTo(T0.plusSeconds(360 + 120)));
  }
}
