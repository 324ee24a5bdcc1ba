package dev.citywatch.jobs.detect.disaster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StationHourTest {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;

  @Test
  void aStationReportingTwiceASecondHoldsNoMoreThanOneReportingOnceAMinute() {
    StationHour fast = new StationHour(HOUR);
    for (long t = 0; t < 3 * HOUR; t += 500) {
      fast.evictUpTo(t - HOUR);
      fast.add(t, 10 + t % 7, 5);
    }
    assertThat(fast.minutes).hasSize(61);
    assertThat(fast.count).as("readings of the last hour and the minute under way").isEqualTo(61 * 120);
  }

  @Test
  void theMeanIsThatOfTheReadingsOfTheWindowsMinutes() {
    StationHour h = new StationHour(HOUR);
    for (long m = 0; m < 120; m++) {
      h.evictUpTo(m * MINUTE - HOUR);
      h.add(m * MINUTE, m < 60 ? 100 : 200, m < 60 ? 10 : 20);
    }
    h.evictUpTo(120 * MINUTE - HOUR);
    assertThat(h.mean10()).isEqualTo(200.0);
    assertThat(h.mean25()).isEqualTo(20.0);
  }

  @Test
  void aReadingLeavesOnceItsMinuteEndedAWindowAgo() {
    StationHour h = new StationHour(HOUR);
    h.add(30_000, 50, 5);
    h.evictUpTo(MINUTE - 1);
    assertThat(h.isEmpty()).isFalse();
    h.evictUpTo(MINUTE);
    assertThat(h.isEmpty()).isTrue();
    assertThat(h.total10).isZero();
  }

  @Test
  void oneRestoredFromTheEarlierLayoutIsEmptyAndNeverFails() {
    StationHour restored = new StationHour(); // what Flink's POJO serializer makes of a station kept reading by reading
    restored.evictUpTo(HOUR);
    assertThat(restored.isEmpty()).isTrue();
  }

  @Test
  void aLateReadingJoinsItsMinuteAndOneOlderThanTheWindowIsLeftOut() {
    StationHour h = new StationHour(HOUR);
    h.add(90 * MINUTE, 100, 10);
    h.add(90 * MINUTE - 10_000, 50, 5); // late, within the window
    assertThat(h.count).isEqualTo(2);
    assertThat(h.mean10()).isEqualTo(75.0);
    h.add(90 * MINUTE - 61 * MINUTE, 1_000, 1_000); // its slot holds minute 90: older than the window
    assertThat(h.count).isEqualTo(2);
    assertThat(h.mean10()).isEqualTo(75.0);
  }
}
