package dev.citywatch.jobs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventTimeOrderTest {
  /** Hands on (time, name) records as {@link EventTimeOrder} releases them: "name@time". */
  static final class Ordered extends KeyedProcessFunction<String, Tuple2<Long, String>, String> {
    private transient EventTimeOrder<Tuple2<Long, String>> order;

    @Override
    public void open(OpenContext context) {
      order = new EventTimeOrder<>(getRuntimeContext(), "in-event-time-order", Types.TUPLE(Types.LONG, Types.STRING), r -> r.f0,
          Comparator.comparing(r -> r.f1));
    }

    @Override
    public void processElement(Tuple2<Long, String> r, Context ctx, Collector<String> out) throws Exception {
      order.add(r, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
      for (Tuple2<Long, String> r : order.release(timestamp, ctx.timerService())) out.collect(r.f1 + "@" + r.f0);
    }
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Tuple2<Long, String>, String> h;

  @BeforeEach
  void harness() throws Exception {
    h = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new Ordered(), r -> "segment-1", Types.STRING);
  }

  private void add(long time, String name) throws Exception {
    h.processElement(Tuple2.of(time, name), time);
  }

  private List<String> released() {
    List<String> out = h.extractOutputValues();
    h.getOutput().clear();
    return out;
  }

  @Test
  void releasesEachRecordWhenTheWatermarkPassesItInTimeAndTieBreakOrder() throws Exception {
    add(3_000, "c");
    add(1_000, "b");
    add(2_500, "d");
    add(1_000, "a");
    h.processWatermark(999);
    assertThat(released()).isEmpty();
    h.processWatermark(1_000);
    assertThat(released()).containsExactly("a@1000", "b@1000");
    h.processWatermark(2_999);
    assertThat(released()).containsExactly("d@2500");
    h.processWatermark(3_000);
    assertThat(released()).containsExactly("c@3000");
  }

  @Test
  void keepsOneTimerPerKeyHoweverManyRecordsWaitAndNothingOnceAllAreReleased() throws Exception {
    for (int i = 0; i < 100; i++) add(10_000 + i * 50L, "r" + i);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    h.processWatermark(12_000);
    assertThat(released()).hasSize(41);
    assertThat(h.numEventTimeTimers()).isEqualTo(1);
    h.processWatermark(Long.MAX_VALUE);
    assertThat(released()).hasSize(59).first().isEqualTo("r41@12050");
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void aRecordBehindTheWatermarkIsReleasedAtTheNextOneAndAfterNothingEarlier() throws Exception {
    add(5_000, "on-time");
    h.processWatermark(4_000);
    add(3_000, "late");
    h.processWatermark(4_001);
    assertThat(released()).containsExactly("late@3000");
    h.processWatermark(5_000);
    assertThat(released()).containsExactly("on-time@5000");
  }

  @Test
  void aRecordArrivingWhileOthersWaitTakesItsPlaceInTimeAcrossSeconds() throws Exception {
    add(7_200, "x");
    add(5_900, "y");
    add(6_100, "z");
    h.processWatermark(8_000);
    assertThat(released()).containsExactly("y@5900", "z@6100", "x@7200");
  }

  @Test
  void survivesACheckpointAndRestoreWithItsTimer() throws Exception {
    add(2_000, "a");
    add(1_500, "b");
    var snapshot = h.snapshot(1, 1);
    h.close();
    h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new Ordered()), r -> "segment-1", Types.STRING);
    h.initializeState(snapshot);
    h.open();
    h.processWatermark(2_000);
    assertThat(released()).containsExactly("b@1500", "a@2000");
    assertThat(h.numKeyedStateEntries()).isZero();
  }
}
