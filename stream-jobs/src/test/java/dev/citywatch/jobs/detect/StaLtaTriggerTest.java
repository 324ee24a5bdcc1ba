package dev.citywatch.jobs.detect;

import static dev.citywatch.jobs.Records.CITY;
import static dev.citywatch.jobs.Records.T0;
import static dev.citywatch.jobs.Records.pack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.detect.disaster.StaLtaTrigger;
import dev.citywatch.jobs.detect.disaster.StationTrigger;
import dev.citywatch.model.TelemetryRecord;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * STA 1 s, LTA 30 s, on 4.0, off 1.5, at 100 samples a second. On a steady signal of energy E both
 * averages are E; one sample of energy (1 + x)E lifts STA by xE/100 and LTA by xE/3000, so the
 * ratio after it is (1 + x/100) / (1 + x/3000): the sample that makes it 4.0 is x = 3 / (1/100 - 4/3000).
 */
class StaLtaTriggerTest {
  private static final String STATION = "wonju-sz-003";
  private static final double AMPLITUDE = 0.01;
  private KeyedOneInputStreamOperatorTestHarness<String, TelemetryRecord, StationTrigger> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new StaLtaTrigger(CITY), TelemetryRecord::key, Types.STRING);
  }

  private void second(long s, double firstSample) throws Exception {
    double[] samples = new double[100];
    for (int i = 0; i < samples.length; i++) samples[i] = (i % 2 == 0 ? 1 : -1) * AMPLITUDE;
    samples[0] = firstSample;
    TelemetryRecord r = pack(STATION, s * 1000, samples);
    h.processElement(r, r.eventTime().toEpochMilli());
  }

  private void steady(long fromSecond, long toSecond) throws Exception {
    for (long s = fromSecond; s < toSecond; s++) second(s, AMPLITUDE);
  }

  /** The amplitude of one sample that brings STA/LTA to {@code ratio} on the steady signal. */
  private static double spikeFor(double ratio) {
    double x = (ratio - 1) / (1 / 100.0 - ratio / 3000.0);
    return AMPLITUDE * Math.sqrt(1 + x);
  }

  private List<StationTrigger> drain() {
    List<StationTrigger> out = h.extractOutputValues();
    h.getOutput().clear();
    return out;
  }

  @Test
  void triggersAtARatioOfFourAndNotJustBelow() throws Exception {
    steady(0, 40);
    second(40, spikeFor(3.99));
    steady(41, 45);
    assertThat(drain()).isEmpty();
    harness(); // the spike above raised the long-term average: start again from a steady signal
    steady(0, 45);
    second(45, spikeFor(4.01));
    steady(46, 47);
    List<StationTrigger> out = drain();
    assertThat(out).first().satisfies(t -> {
      assertThat(t.station()).isEqualTo(STATION);
      assertThat(t.triggeredAtMillis()).isEqualTo(T0.plusSeconds(45).toEpochMilli());
      assertThat(t.peak()).isEqualTo(spikeFor(4.01));
      assertThat(t.ended()).isFalse();
    });
    assertThat(out).last().satisfies(t -> assertThat(t.ended()).as("below 1.5 within 2 seconds").isTrue());
  }

  @Test
  void needsThirtySecondsOfHistoryBeforeItTriggers() throws Exception {
    steady(0, 20);
    second(20, spikeFor(20));
    assertThat(drain()).isEmpty();
  }

  @Test
  void aPackOlderThanWhatTheAveragesHoldIsIgnored() throws Exception {
    steady(0, 40);
    second(10, spikeFor(20)); // a copy of an old second, arriving late with a glitch in it
    assertThat(drain()).isEmpty();
    second(40, spikeFor(4.01));
    assertThat(drain()).isNotEmpty();
  }

  @Test
  void aSilentStationIsForgottenAfterTwoLongTermWindows() throws Exception {
    steady(0, 40);
    h.processWatermark(T0.plusSeconds(40 + 59).toEpochMilli());
    assertThat(h.numKeyedStateEntries()).isOne();
    h.processWatermark(T0.plusSeconds(40 + 60).toEpochMilli());
    assertThat(h.numKeyedStateEntries()).isZero();
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(Arrays.asList(h.extractOutputValues().toArray())).isEmpty();
  }
}
