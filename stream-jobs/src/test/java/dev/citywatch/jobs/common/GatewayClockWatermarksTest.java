package dev.citywatch.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class GatewayClockWatermarksTest {
  private static final Instant T = Instant.parse("2026-12-04T09:00:00Z");
  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput output = new WatermarkOutput() {
    @Override
    public void emitWatermark(Watermark watermark) {
      emitted.add(watermark.getTimestamp());
    }

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}
  };
  private Clock clock = Clock.fixed(T, ZoneOffset.UTC);
  private final GatewayClockWatermarks<String> generator =
      new GatewayClockWatermarks<>(Duration.ofSeconds(30), new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return clock.instant();
        }
      });

  @Test
  void withoutAnyRecordEventTimeFollowsTheClockOutOfOrdernessBehind() {
    generator.onPeriodicEmit(output);
    clock = Clock.offset(clock, Duration.ofMinutes(5));
    generator.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(T.minusSeconds(30).toEpochMilli() - 1, T.plusSeconds(270).toEpochMilli() - 1);
  }

  @Test
  void aRecordAheadOfTheClockMovesItOnAndTheWatermarkNeverGoesBack() {
    generator.onEvent("from a gateway whose clock runs ahead", T.plusSeconds(10).toEpochMilli(), output);
    generator.onPeriodicEmit(output);
    clock = Clock.offset(clock, Duration.ofSeconds(-60)); // the job's clock stepped back
    generator.onPeriodicEmit(output);
    assertThat(emitted).containsExactly(T.minusSeconds(20).toEpochMilli() - 1);
  }
}
