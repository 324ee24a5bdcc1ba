package dev.citywatch.jobs.sim;

import dev.citywatch.model.wire.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/** Bounded test streams of wire records, empty ones included (a collection source must not be empty). */
final class Streams {
  private Streams() {}

  static <T> DataStream<T> of(StreamExecutionEnvironment env, List<T> records, Class<T> type) {
    ArrayList<byte[]> wire = new ArrayList<>();
    for (T r : records) wire.add(WireJson.write(r));
    return env.fromSequence(0, Math.max(0, wire.size() - 1)).setParallelism(1)
        .flatMap(new Decode<>(wire, type)).returns(type).setParallelism(1);
  }

  private record Decode<T>(ArrayList<byte[]> wire, Class<T> type) implements FlatMapFunction<Long, T> {
    @Override
    public void flatMap(Long index, Collector<T> out) throws Exception {
      if (index < wire.size()) out.collect(WireJson.read(wire.get(index.intValue()), type));
    }
  }
}
