package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.T0;
import static dev.citywatch.jobs.Records.drain;
import static dev.citywatch.jobs.Records.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.InOrder;
import dev.citywatch.jobs.detect.traffic.IncidentDetector;
import dev.citywatch.jobs.detect.traffic.OccupancyUpdate;
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
 * The end of wonil-nb-1: above it its own detectors tl-001/002, below it wonil-nb-2's tl-003/004.
 * An incident: occupancy above minus below ≥ 20 points and ≥ half of the occupancy above, below at
 * most 0.6 of its usual level, on every update for 90 s.
 */
class IncidentDetectorTest {
  private static final String SEGMENT = "wonju/wonil-nb-1";
  private KeyedOneInputStreamOperatorTestHarness<String, OccupancyUpdate, Alert> h;
  private InOrder<OccupancyUpdate> in;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new IncidentDetector(CITY), OccupancyUpdate::segmentKey, Types.STRING);
    in = new InOrder<>(h);
  }

  private void occupancy(String detector, boolean upstream, long seconds, double percent) throws Exception {
    in.feed(new OccupancyUpdate(SEGMENT, upstream, "wonju-" + detector, millis(seconds), percent,
        new Trail(T0.plusSeconds(seconds).plusMillis(80), null, null)), millis(seconds));
  }

  /** All four detectors every 30 s from {@code from} to {@code to} seconds: {@code above} % above the end, {@code below} % below. */
  private void traffic(long from, long to, double above, double below) throws Exception {
    for (long t = from; t < to; t += 30) {
      occupancy("tl-001", true, t, above);
      occupancy("tl-003", false, t + 5, below);
      occupancy("tl-002", true, t + 10, above);
      occupancy("tl-004", false, t + 15, below);
    }
  }

  @Test
  void aBlockageFiresAfterNinetySecondsOfEmptyRoadBelowAFullOneAbove() throws Exception {
    traffic(0, 1_800, 15, 15); // half an hour of ordinary traffic: usual occupancy below is 15 %
    traffic(1_800, 1_890, 45, 5);
    assertThat(drain(h)).as("1:15 of it").isEmpty();
    traffic(1_890, 1_920, 45, 5);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.TRAFFIC_INCIDENT);
      assertThat(a.subject()).isEqualTo("wonil-nb-1");
      assertThat(a.severity()).isEqualTo(Severity.CAUTION);
      // every update has looked like this since 30:15 (the second detector below saw the gap)
      assertThat(a.eventTime()).isEqualTo(T0.plusSeconds(1_815 + 90));
      assertThat(a.evidence()).containsEntry("upstream_occupancy_pct", 45.0).containsEntry("downstream_occupancy_pct", 5.0);
      // the usual level learned the first half-empty update below (10 %) before the rule matched
      assertThat((Double) a.evidence().get("usual_downstream_occupancy_pct")).isBetween(14.8, 15.0);
    });
  }

  @Test
  void aDifferenceOfTwentyPointsFiresAndJustUnderDoesNot() throws Exception {
    traffic(0, 1_800, 15, 15);
    traffic(1_800, 2_400, 24.9, 5);
    assertThat(drain(h)).isEmpty();
    harness();
    traffic(0, 1_800, 15, 15);
    traffic(1_800, 2_400, 25, 5);
    assertThat(drain(h)).hasSize(1);
  }

  @Test
  void rushHourFillingBothSidesIsNotAnIncident() throws Exception {
    traffic(0, 1_800, 15, 15);
    traffic(1_800, 5_400, 60, 45);
    traffic(5_400, 7_200, 15, 15);
    assertThat(drain(h)).isEmpty();
  }

  @Test
  void resolvesAfterNinetySecondsOfOrdinaryTrafficAndThenForgets() throws Exception {
    traffic(0, 1_800, 15, 15);
    traffic(1_800, 2_100, 45, 5);
    assertThat(drain(h)).hasSize(1);
    traffic(2_100, 2_190, 15, 15);
    assertThat(drain(h)).isEmpty();
    traffic(2_190, 2_220, 15, 15);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
      assertThat(a.eventTime()).isEqualTo(T0.plusSeconds(2_105 + 90));
    });
    h.processWatermark(millis(2_220 + 30 * 60));
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void oldReadingsArrivingLateDoNotMakeAnIncident() throws Exception {
    traffic(0, 1_800, 15, 15);
    for (long t = 0; t < 600; t += 30) occupancy("tl-003", false, t, 1); // stale copies, nearly empty
    traffic(1_800, 2_400, 15, 15);
    assertThat(drain(h)).isEmpty();
  }
}
