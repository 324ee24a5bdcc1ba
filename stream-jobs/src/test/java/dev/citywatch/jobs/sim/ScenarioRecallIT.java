package dev.citywatch.jobs.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.types.RecordTypes;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.EventTime;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.DetectionJob;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.Alert;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.truth.GroundTruthEvent;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in scenario, generated as fast as the machine allows (simulated time is event
 * time), through the detection job on a MiniCluster at parallelism 2: each ground-truth alert is
 * raised once with its kind, subject and severity, and nothing else is. Prints each detection's
 * delay in simulated time.
 */
class ScenarioRecallIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final CityReference CITY = CityReference.defaults();

  static Stream<String> scenarios() {
    return ScenarioLoader.BUILT_IN.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyGroundTruthAlertAndNothingElse(String scenarioName) throws Exception {
    SimulatedCity sim = new SimulatedCity(CITY.inventory(), scenarioName);
    List<GroundTruthEvent> truth = sim.groundTruth(CITY.criteria());
    long started = System.nanoTime();
    List<Alert> alerts = run(scenarioName, sim);
    RecallCheck.Outcome outcome = RecallCheck.compare(truth, alerts);

    System.out.printf("[recall] %s: %d alert records, %d expected alerts, %.1f s%n", scenarioName, alerts.size(),
        truth.stream().mapToInt(e -> e.expectedAlerts().size()).sum(), (System.nanoTime() - started) / 1e9);
    for (RecallCheck.Detection d : outcome.detections()) {
      System.out.printf("[recall] %s %-18s %-16s %-9s decided %s after the line was crossed, %s into %s%n", scenarioName,
          d.expected().kind().id(), d.expected().subject() == null ? "-" : d.expected().subject(), d.expected().severity(),
          clock(d.afterCrossing()), clock(d.afterStart()), d.event());
    }
    assertThat(outcome.problems()).as(scenarioName).isEmpty();
    if (scenarioName.equals("quiet-24h")) assertThat(alerts).as("an ordinary day").isEmpty();
  }

  /** h:mm:ss.s */
  private static String clock(Duration d) {
    long ms = Math.abs(d.toMillis());
    return (d.isNegative() ? "-" : "") + String.format(java.util.Locale.ROOT, "%d:%02d:%04.1f", ms / 3_600_000, ms / 60_000 % 60,
        ms % 60_000 / 1000.0);
  }

  private static List<Alert> run(String scenarioName, SimulatedCity sim) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    JobSettings.passRecordsUncopied(env); // as the jobs run
    JobSettings settings = JobSettings.of("unused:9092", "http://unused:8086", "unused", "t", "s", "d", "a", "recall");
    long seconds = sim.scenario().duration().toSeconds();
    DataStream<TelemetryRecord> telemetry = env.fromSequence(0, seconds).setParallelism(1).name("simulated-seconds")
        .flatMap(new SimulatedTelemetry(CITY, scenarioName)).returns(RecordTypes.TELEMETRY).setParallelism(1).name(scenarioName)
        .assignTimestampsAndWatermarks(EventTime.telemetry(settings.outOfOrderness(), settings.idleness())).setParallelism(1);
    DataStream<DeviceStatus> status = Streams.of(env, sim.statuses(), DeviceStatus.class)
        .assignTimestampsAndWatermarks(EventTime.status(Duration.ZERO, Duration.ofSeconds(10)));
    DataStream<DeadLetter> deadLetters = Streams.of(env, List.of(), DeadLetter.class)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<DeadLetter>forMonotonousTimestamps()
            .withTimestampAssigner((d, previous) -> d.receivedAt().toEpochMilli()));
    CollectingSink<Alert> alerts = new CollectingSink<>();
    DetectionJob.detect(new DetectionJob.Inputs(telemetry, status, deadLetters),
        new DetectionJob.Sinks(alerts, new DiscardingSink<PointRecord>()), CITY, settings);
    env.execute("recall-" + scenarioName);
    return alerts.received();
  }
}
