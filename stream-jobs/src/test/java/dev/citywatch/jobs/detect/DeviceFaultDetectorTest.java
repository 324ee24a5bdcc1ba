package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.T0;
import static dev.citywatch.jobs.Records.drain;
import static dev.citywatch.jobs.Records.millis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.InOrder;
import dev.citywatch.jobs.detect.device.DeviceEvent;
import dev.citywatch.jobs.detect.device.DeviceFaultDetector;
import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Trail;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** wonju-rv-003 reports every 60 s: offline after 180 s of silence; stuck after 30 identical readings. */
class DeviceFaultDetectorTest {
  private static final String GAUGE = "wonju-rv-003";
  private KeyedOneInputStreamOperatorTestHarness<String, DeviceEvent, Alert> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new DeviceFaultDetector(CITY), DeviceEvent::key, Types.STRING);
    in = new InOrder<>(h);
  }

  private InOrder<DeviceEvent> in;

  private void event(DeviceEvent.Type type, long seconds, double... values) throws Exception {
    in.feed(new DeviceEvent("wonju", GAUGE, type, millis(seconds), new Trail(T0.plusSeconds(seconds), null, null), values,
        type.name()), millis(seconds));
  }

  private void level(long seconds, double metres) throws Exception {
    event(DeviceEvent.Type.TELEMETRY, seconds, metres);
  }

  @Test
  void offlineAfterThreeMissedIntervalsAndBackWithTheNextMessage() throws Exception {
    for (int i = 0; i < 10; i++) level(i * 60, 1.0 + i * 0.01);
    in.advance(millis(9 * 60 + 179));
    assertThat(drain(h)).isEmpty();
    in.advance(millis(9 * 60 + 180));
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.kind()).isEqualTo(AlertKind.DEVICE_FAULT);
      assertThat(a.subject()).isEqualTo(GAUGE);
      assertThat(a.state()).isEqualTo(Alert.State.FIRING);
      assertThat(a.eventTime()).isEqualTo(T0.plusSeconds(9 * 60 + 180));
      assertThat(a.evidence()).containsEntry("offline", 1.0);
      assertThat(a.headlineKo()).contains("통신 두절");
    });
    level(20 * 60, 1.2);
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
  }

  @Test
  void aLastWillIsOfflineAtOnce() throws Exception {
    level(0, 1.0);
    event(DeviceEvent.Type.WILL, 30);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.evidence()).containsEntry("offline", 1.0);
      assertThat(a.headlineEn()).contains("Last Will");
    });
  }

  @Test
  void aMessageSentBeforeTheLastWillDoesNotBringTheDeviceBack() throws Exception {
    level(0, 1.0);
    event(DeviceEvent.Type.WILL, 300); // the status stream ran ahead of the telemetry
    assertThat(drain(h)).hasSize(1);
    level(60, 1.01);
    level(120, 1.02);
    assertThat(drain(h)).as("still offline").isEmpty();
    level(360, 1.03);
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
  }

  @Test
  void stuckAtTheThirtiethIdenticalReadingAndNotTheTwentyNinth() throws Exception {
    level(0, 0.9);
    for (int i = 1; i <= 29; i++) level(i * 60, 1.234);
    assertThat(drain(h)).isEmpty();
    level(30 * 60, 1.234);
    assertThat(drain(h)).singleElement().satisfies(a -> {
      assertThat(a.evidence()).containsEntry("stuck", 1.0).containsEntry("identical_readings", 30.0);
    });
    level(31 * 60, 1.235);
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(Alert.State.RESOLVED));
  }

  @Test
  void fiveRefusedPayloadsInARowAndNotFourThenAGoodOne() throws Exception {
    level(0, 1.0);
    for (int i = 1; i <= 4; i++) event(DeviceEvent.Type.REJECTED, i * 10);
    level(60, 1.01);
    for (int i = 1; i <= 4; i++) event(DeviceEvent.Type.REJECTED, 60 + i * 10);
    assertThat(drain(h)).isEmpty();
    event(DeviceEvent.Type.REJECTED, 110);
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.evidence()).containsEntry("rejecting", 1.0));
  }

  @Test
  void flappingWhileSixConnectionChangesFitInThirtyMinutesThenCalm() throws Exception {
    // the gauge reports every minute throughout; its connection comes and goes in the first ten minutes
    long[] changes = {60, 70, 300, 310, 600, 610};
    java.util.List<Alert> alerts = new java.util.ArrayList<>();
    int next = 0;
    for (int minute = 0; minute < 60; minute++) {
      level(minute * 60, 1.0 + minute * 0.001);
      while (next < changes.length && changes[next] < (minute + 1) * 60) {
        event(next % 2 == 0 ? DeviceEvent.Type.OFFLINE : DeviceEvent.Type.ONLINE, changes[next]);
        next++;
      }
      alerts.addAll(drain(h));
    }
    level(60 * 60, 1.06);
    alerts.addAll(drain(h));
    assertThat(alerts).extracting(Alert::state).containsExactly(Alert.State.FIRING, Alert.State.RESOLVED);
    assertThat(alerts.get(0).evidence()).containsEntry("flapping", 1.0);
    assertThat(alerts.get(0).eventTime()).as("the sixth change").isEqualTo(T0.plusSeconds(610));
    assertThat(alerts.get(1).eventTime()).as("30 minutes after the first of the six").isEqualTo(T0.plusSeconds(60 + 1800));
  }

  @Test
  void aCleanDisconnectIsNoFaultButTheSilenceAfterItIs() throws Exception {
    level(0, 1.0);
    event(DeviceEvent.Type.OFFLINE, 10);
    in.advance(millis(179));
    assertThat(drain(h)).isEmpty();
    in.advance(millis(180));
    assertThat(drain(h)).singleElement().satisfies(a -> assertThat(a.evidence()).containsEntry("offline", 1.0));
  }

  @Test
  void aDeviceThatOnlyConnectedAndLeftIsForgottenAfterADay() throws Exception {
    event(DeviceEvent.Type.ONLINE, 0);
    event(DeviceEvent.Type.OFFLINE, 10);
    in.advance(millis(10) + 25 * 3_600_000L);
    assertThat(drain(h)).isEmpty();
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void anOldMessageArrivingLateDoesNotMoveLastSeenBack() throws Exception {
    level(600, 1.0);
    level(60, 1.1); // late copy
    in.advance(millis(600 + 179));
    assertThat(drain(h)).isEmpty();
  }
}
