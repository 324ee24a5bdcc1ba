package dev.citywatch.jobs.storage;

import dev.citywatch.jobs.types.RecordTypes;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.Dedup;
import dev.citywatch.jobs.common.EventTime;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.InfluxSink;
import dev.citywatch.jobs.io.JobSources;
import dev.citywatch.jobs.io.KafkaSources;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.TelemetryRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Stores what the city measures in InfluxDB (docs/storage.md): every measurement once (copies
 * dropped by sequence number), 1-minute rollups, when each device was last seen, device status
 * events, refused payloads and late records.
 *
 * <p>On a cluster: {@code flink run -c dev.citywatch.jobs.storage.StorageJob stream-jobs.jar
 * --kafka host:9092 --influx http://host:8086 --database citywatch}.
 */
public final class StorageJob {
  public static final String NAME = "citywatch-storage";
  static final OutputTag<TelemetryRecord> LATE_FOR_ROLLUP = new OutputTag<>("late-for-rollup", RecordTypes.TELEMETRY);

  private StorageJob() {}

  public static void main(String[] args) throws Exception {
    JobSettings settings = JobSettings.from(args, NAME);
    CityReference city = CityReference.load(settings.inventory(), settings.criteria());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    settings.applyTo(env);
    buildTopology(env, sources(settings), influxSink(settings), city, settings);
    env.execute(NAME);
  }

  public static InfluxSink influxSink(JobSettings s) {
    return new InfluxSink(InfluxSettings.of(s.influx(), s.database()));
  }

  /** The topics from Kafka, fetched in batches: storage waits for nobody. */
  public static JobSources sources(JobSettings s) {
    return JobSources.fromKafka(s, KafkaSources.Fetching.BATCHED);
  }

  public static void buildTopology(StreamExecutionEnvironment env, JobSources sources, Sink<PointRecord> sink, CityReference city,
                                   JobSettings settings) {
    SingleOutputStreamOperator<TelemetryRecord> telemetry = env
        .fromSource(sources.telemetry(), EventTime.telemetry(settings.outOfOrderness(), settings.idleness()), "telemetry")
        .uid("telemetry-source")
        .keyBy(TelemetryRecord::key)
        .process(new Dedup(settings.dedupRetention()), RecordTypes.TELEMETRY).name("drop-copies").uid("dedup");
    DataStream<TelemetryRecord> late = telemetry.getSideOutput(Dedup.LATE);

    DataStream<PointRecord> raw = telemetry.union(late)
        .flatMap(new RawPoints(city)).name("raw-points").uid("raw-points");
    SingleOutputStreamOperator<PointRecord> rollups = Dedup.stillByDevice(telemetry)
        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
        .sideOutputLateData(LATE_FOR_ROLLUP)
        .aggregate(new Rollup(), new RollupPoints(city)).name("rollups-1m").uid("rollups-1m");
    DataStream<PointRecord> latePoints = late.union(rollups.getSideOutput(LATE_FOR_ROLLUP))
        .map(r -> StatusPoints.late(city, r)).returns(PointRecord.class).name("late-points").uid("late-points");

    DataStream<PointRecord> status = env
        .fromSource(sources.status(), WatermarkStrategy.noWatermarks(), "device-status").uid("status-source")
        .map(s -> StatusPoints.status(city, s)).returns(PointRecord.class).name("status-points").uid("status-points");
    DataStream<PointRecord> rejections = env
        .fromSource(sources.deadLetters(), WatermarkStrategy.noWatermarks(), "dead-letters").uid("dlq-source")
        .map(d -> StatusPoints.rejection(city, d)).returns(PointRecord.class).name("rejection-points").uid("rejection-points");

    raw.union(rollups, latePoints, status, rejections)
        .sinkTo(sink).name("influxdb").uid("influxdb-sink");
  }
}
