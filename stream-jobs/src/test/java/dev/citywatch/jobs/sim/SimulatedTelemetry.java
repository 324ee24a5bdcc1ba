package dev.citywatch.jobs.sim;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.model.TelemetryRecord;
import java.util.Iterator;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a sequence of simulated seconds (0, 1, 2, ...) into the messages of each second, from the
 * scenario's lazily generated stream. Must run at parallelism 1, after a sequence source of the
 * same parallelism, so the seconds arrive in order.
 */
public final class SimulatedTelemetry extends RichFlatMapFunction<Long, TelemetryRecord> {
  private final CityReference city;
  private final String scenarioName;
  private transient Iterator<TelemetryRecord> stream;
  private transient TelemetryRecord pending;
  private transient long startMillis;

  public SimulatedTelemetry(CityReference city, String scenarioName) {
    this.city = city;
    this.scenarioName = scenarioName;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    SimulatedCity sim = new SimulatedCity(city.inventory(), scenarioName);
    startMillis = sim.scenario().start().toEpochMilli();
    stream = sim.telemetry();
    pending = stream.hasNext() ? stream.next() : null;
  }

  @Override
  public void flatMap(Long second, Collector<TelemetryRecord> out) {
    long until = startMillis + (second + 1) * 1000;
    while (pending != null && pending.eventTime().toEpochMilli() < until) {
      out.collect(pending);
      pending = stream.hasNext() ? stream.next() : null;
    }
  }
}
