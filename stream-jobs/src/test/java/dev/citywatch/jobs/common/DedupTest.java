package dev.citywatch.jobs.common;

import static dev.citywatch.jobs.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupTest {
  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryRecord, TelemetryRecord> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new Dedup(Duration.ofMinutes(10)), TelemetryRecord::key, Types.STRING);
  }

  private static TelemetryRecord record(long seq, long seconds) {
    return new TelemetryRecord(TelemetryRecord.SCHEMA, "wonju", "wonju-rv-001", SensorKind.RIVER_GAUGE, seq, PayloadFormat.JSON, "gw",
        T0.plusSeconds(seconds).plusMillis(30), List.of(new Reading(Quantity.RIVER_LEVEL, 1.0, T0.plusSeconds(seconds))));
  }

  private void feed(TelemetryRecord r) throws Exception {
    h.processElement(r, r.eventTime().toEpochMilli());
  }

  @Test
  void aResentMessageIsDroppedAndADeviceWhoseCounterRestartedIsNot() throws Exception {
    feed(record(1, 0));
    feed(record(2, 60));
    feed(record(1, 0)); // the resend after a lost PUBACK
    feed(record(1, 120)); // rebooted: counting from 1 again
    assertThat(h.extractOutputValues()).extractingResultOf("sequence").containsExactly(1L, 2L, 1L);
  }

  @Test
  void aRecordBehindTheWatermarkGoesToTheLateOutput() throws Exception {
    feed(record(1, 100));
    h.processWatermark(T0.plusSeconds(90).toEpochMilli());
    feed(record(2, 80));
    assertThat(h.extractOutputValues()).hasSize(1);
    assertThat(h.getSideOutput(Dedup.LATE)).extracting(StreamRecord::getValue).extractingResultOf("sequence").containsExactly(2L);
  }

  @Test
  void aCopyBehindTheWatermarkIsStillACopyAndASilentDeviceIsForgottenWithinTheHourAfterItsRetention() throws Exception {
    feed(record(1, 0));
    feed(record(2, 30));
    h.processWatermark(T0.plusSeconds(650).toEpochMilli());
    feed(record(1, 0)); // behind the watermark, but still known: a copy, not a late record
    assertThat(h.getSideOutput(Dedup.LATE)).isNull();
    assertThat(h.extractOutputValues()).hasSize(2);
    h.processWatermark(T0.plusSeconds(30 + 600).plus(Duration.ofHours(1)).toEpochMilli());
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
  }

  @Test
  void anOriginalArrivingOutOfOrderPassesAndItsCopyDoesNot() throws Exception {
    for (long seq = 1; seq <= 5; seq++) {
      if (seq != 3) feed(record(seq, seq * 10));
    }
    feed(record(3, 30)); // held up on the way: never seen, not a copy
    feed(record(3, 30)); // its copy
    feed(record(5, 50));
    assertThat(h.extractOutputValues()).extractingResultOf("sequence").containsExactly(1L, 2L, 4L, 5L, 3L);
  }

  @Test
  void rememberTheLast4096NumbersOfADeviceHoweverFastItSends() throws Exception {
    for (long seq = 0; seq < 10_000; seq++) feed(record(seq, seq / 100)); // 100 a second
    int before = h.extractOutputValues().size();
    feed(record(10_000 - 4_096, (10_000 - 4_096) / 100)); // the oldest number still in the window: a copy
    feed(record(9_000, 90)); // and a newer one
    assertThat(h.extractOutputValues()).hasSize(before);
    assertThat(h.numKeyedStateEntries()).as("one window per device").isEqualTo(1);
  }
}
