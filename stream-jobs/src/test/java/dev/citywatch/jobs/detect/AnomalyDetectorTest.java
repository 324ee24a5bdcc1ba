package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.T0;
import static dev.citywatch.jobs.Records.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.detect.traffic.AnomalyDetector;
import dev.citywatch.jobs.detect.traffic.LoopReading;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import dev.citywatch.model.Trail;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A week of an arterial's speeds (free 45 km/h, morning and evening rush hours, ±2 km/h of noise),
 * two detectors every 30 s, through the anomaly detector: 5-minute bins, 750 of them to learn.
 */
class AnomalyDetectorTest {
  private static final ZoneId KST = ZoneId.of("Asia/Seoul");
  private KeyedOneInputStreamOperatorTestHarness<String, LoopReading, Alert> h;
  private final Random noise = new Random(7);

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new AnomalyDetector(CITY), LoopReading::segmentKey, Types.STRING);
  }

  private static double usual(Instant t) {
    ZonedDateTime local = t.atZone(KST);
    double hour = local.getHour() + local.getMinute() / 60.0;
    return 45 - 22 * Math.exp(-Math.pow(hour - 8.5, 2) / 0.6) - 25 * Math.exp(-Math.pow(hour - 18.5, 2) / 0.8);
  }

  /** Readings from {@code fromHour} to {@code toHour} after T0; {@code drop} replaces the speed where it returns a value. */
  private List<Alert> drive(long fromHour, long toHour, java.util.function.Function<Instant, Double> drop) throws Exception {
    List<Alert> alerts = new ArrayList<>();
    for (long s = fromHour * 3600; s < toHour * 3600; s += 15) {
      Instant t = T0.plusSeconds(s);
      Double forced = drop.apply(t);
      double v = forced != null ? forced : usual(t) + noise.nextGaussian();
      String detector = (s / 15) % 2 == 0 ? "wonju-tl-001" : "wonju-tl-002";
      h.processElement(new LoopReading("wonju", "wonil-nb-1", detector, t.toEpochMilli(), v, 10, 20, new Trail(t.plusMillis(60), null, null)), t.toEpochMilli());
      h.processWatermark(t.toEpochMilli() - 30_000); // 30 s behind, as the job's watermark is
      alerts.addAll(drain(h));
    }
    return alerts;
  }

  @Test
  void learnsForTwoAndAHalfDaysThenStaysQuietOnOrdinaryDays() throws Exception {
    List<Alert> alerts = drive(0, 6 * 24, t -> null);
    assertThat(alerts).isEmpty();
  }

  @Test
  void aNightTimeStandstillFiresWithinTenMinutesAndResolvesWhenTrafficReturns() throws Exception {
    assertThat(drive(0, 5 * 24, t -> null)).isEmpty();
    // T0 is 09:00 KST; 18 hours into day 5 is 03:00 KST, when the road is always free. It stops.
    Instant from = T0.plusSeconds(5 * 24 * 3600 + 18 * 3600);
    assertThat(from.atZone(KST).getHour()).isEqualTo(3);
    Instant to = from.plusSeconds(30 * 60);
    List<Alert> alerts = drive(5 * 24, 6 * 24, t -> !t.isBefore(from) && t.isBefore(to) ? 6.0 : null);
    assertThat(alerts).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
    Alert fired = alerts.get(0);
    assertThat(fired.kind()).isEqualTo(AlertKind.TRAFFIC_ANOMALY);
    assertThat(fired.subject()).isEqualTo("wonil-nb-1");
    assertThat(fired.eventTime()).isBetween(from, from.plusSeconds(600));
    assertThat((Double) fired.evidence().get("anomaly_score")).isGreaterThanOrEqualTo(0.11);
    assertThat(alerts.get(1).eventTime()).isAfter(to);
  }

  @Test
  void aSegmentSilentForAWeekForgetsWhatItLearned() throws Exception {
    drive(0, 24, t -> null);
    h.processWatermark(T0.plusSeconds(24 * 3600 + 7 * 24 * 3600 + 3600).toEpochMilli());
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }
}
