package dev.citywatch.jobs.detect;

import dev.citywatch.jobs.types.RecordTypes;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.Dedup;
import dev.citywatch.jobs.io.KafkaSources;
import dev.citywatch.jobs.common.EventTime;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.jobs.detect.alert.AlertPoints;
import dev.citywatch.jobs.detect.alert.AlertRecords;
import dev.citywatch.jobs.detect.device.DeviceEvent;
import dev.citywatch.jobs.detect.device.DeviceFaultDetector;
import dev.citywatch.jobs.detect.disaster.AirQualityDetector;
import dev.citywatch.jobs.detect.disaster.EarthquakeAssociator;
import dev.citywatch.jobs.detect.disaster.FireDetector;
import dev.citywatch.jobs.detect.disaster.FloodDetector;
import dev.citywatch.jobs.detect.disaster.HeavyRainDetector;
import dev.citywatch.jobs.detect.disaster.StaLtaTrigger;
import dev.citywatch.jobs.detect.disaster.StationTrigger;
import dev.citywatch.jobs.detect.traffic.AnomalyDetector;
import dev.citywatch.jobs.detect.traffic.CongestionDetector;
import dev.citywatch.jobs.detect.traffic.IncidentDetector;
import dev.citywatch.jobs.detect.traffic.IncidentRouting;
import dev.citywatch.jobs.detect.traffic.LoopReading;
import dev.citywatch.jobs.detect.traffic.LoopReadings;
import dev.citywatch.jobs.detect.traffic.OccupancyUpdate;
import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.InfluxSink;
import dev.citywatch.jobs.io.JobSources;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.Alert;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import java.time.Clock;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns the city's telemetry into alerts (docs/detection.md): heavy rain, river floods,
 * earthquakes, fires, particulates, traffic congestion, incidents and anomalies, and device faults.
 * Every detector decides on the record that crosses its line; timers only wait for silence and
 * resolution. Alerts go to {@code citywatch.alerts} (at least once: ids and versions come from
 * event data, so a replay repeats them exactly and consumers deduplicate) and to InfluxDB.
 *
 * <p>On a cluster: {@code flink run -c dev.citywatch.jobs.detect.DetectionJob stream-jobs.jar
 * --kafka host:9092 --influx http://host:8086 --database citywatch}.
 */
public final class DetectionJob {
  public static final String NAME = "citywatch-detection";

  private DetectionJob() {}

  /** Where alerts go. */
  public record Sinks(Sink<Alert> alerts, Sink<PointRecord> influx) {}

  public static void main(String[] args) throws Exception {
    JobSettings settings = JobSettings.from(args, NAME);
    CityReference city = CityReference.load(settings.inventory(), settings.criteria());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    settings.applyTo(env);
    buildTopology(env, sources(settings), sinks(settings), city, settings);
    env.execute(NAME);
  }

  /** The topics from Kafka, fetched promptly: alerts wait on them. */
  public static JobSources sources(JobSettings s) {
    return JobSources.fromKafka(s, KafkaSources.Fetching.PROMPT);
  }

  public static Sinks sinks(JobSettings s) {
    return new Sinks(KafkaSink.<Alert>builder()
        .setBootstrapServers(s.kafka())
        .setRecordSerializer(new AlertRecords(s.alertsTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setProperty(ProducerConfig.LINGER_MS_CONFIG, "0") // an alert leaves at once; there are few to batch
        .build(), new InfluxSink(InfluxSettings.of(s.influx(), s.database())));
  }

  /** The job's input streams, with event-time timestamps and watermarks. */
  public record Inputs(DataStream<TelemetryRecord> telemetry, DataStream<DeviceStatus> status, DataStream<DeadLetter> deadLetters) {}

  /**
   * How long a record may wait in a network buffer between two operators before the buffer is sent
   * half empty. Flink's default, 100 ms, is paid at every exchange an alert's reading crosses
   * (three, then the sink): most of the detection stage of the latency ledger at moderate load.
   */
  static final long BUFFER_TIMEOUT_MS = 5;

  /**
   * The buffer timeout of operators whose output is rare (alerts, station triggers, device status):
   * 0 sends each record at once and spares the edge its flusher thread, which otherwise wakes every
   * {@value #BUFFER_TIMEOUT_MS} ms for nothing (on a 2-core VM the ~20 flushers cost ~0.15 cores,
   * docs/scaling.md).
   */
  static final long RARE_OUTPUT = 0;

  public static void buildTopology(StreamExecutionEnvironment env, JobSources sources, Sinks sinks, CityReference city,
                                   JobSettings settings) {
    env.setBufferTimeout(BUFFER_TIMEOUT_MS);
    DataStream<TelemetryRecord> telemetry = env
        .fromSource(sources.telemetry(), EventTime.telemetry(settings.outOfOrderness(), settings.idleness()), "telemetry")
        .uid("telemetry-source");
    // Status and refusals are rare and stamped by the gateways' clocks: their event time follows the
    // clock, so device faults are decided even when no telemetry arrives (docs/detection.md).
    DataStream<DeviceStatus> status = env
        .fromSource(sources.status(), EventTime.stampedByGateways(settings.outOfOrderness(), Clock.systemUTC(),
            (DeviceStatus s, long previous) -> s.time().toEpochMilli()), "device-status")
        .uid("status-source");
    DataStream<DeadLetter> rejected = env
        .fromSource(sources.deadLetters(), EventTime.stampedByGateways(settings.outOfOrderness(), Clock.systemUTC(),
            (DeadLetter d, long previous) -> d.receivedAt().toEpochMilli()), "dead-letters")
        .uid("dlq-source");
    detect(new Inputs(telemetry, status, rejected), sinks, city, settings);
  }

  /** Every detector over {@code in}, their alerts to both sinks; returns the alerts. */
  public static DataStream<Alert> detect(Inputs in, Sinks sinks, CityReference city, JobSettings settings) {
    SingleOutputStreamOperator<TelemetryRecord> telemetry = in.telemetry()
        .keyBy(TelemetryRecord::key)
        .process(new Dedup(settings.dedupRetention()), RecordTypes.TELEMETRY).name("drop-copies").uid("dedup");

    DataStream<Alert> rain = Dedup.stillByDevice(ofKind(telemetry, SensorKind.RAIN_GAUGE))
        .process(new HeavyRainDetector(city)).name("heavy-rain").uid("heavy-rain").setBufferTimeout(RARE_OUTPUT);
    DataStream<Alert> flood = Dedup.stillByDevice(ofKind(telemetry, SensorKind.RIVER_GAUGE))
        .process(new FloodDetector(city)).name("flood").uid("flood").setBufferTimeout(RARE_OUTPUT);
    DataStream<Alert> fire = Dedup.stillByDevice(ofKind(telemetry, SensorKind.FIRE))
        .process(new FireDetector(city)).name("fire").uid("fire").setBufferTimeout(RARE_OUTPUT);
    DataStream<Alert> air = ofKind(telemetry, SensorKind.AIR_QUALITY).keyBy(TelemetryRecord::tenant)
        .process(new AirQualityDetector(city)).name("air-quality").uid("air-quality").setBufferTimeout(RARE_OUTPUT);
    DataStream<Alert> quake = Dedup.stillByDevice(ofKind(telemetry, SensorKind.SEISMIC))
        .process(new StaLtaTrigger(city)).name("sta-lta").uid("sta-lta").setBufferTimeout(RARE_OUTPUT)
        .keyBy(StationTrigger::tenant)
        .process(new EarthquakeAssociator(city)).name("earthquake").uid("earthquake").setBufferTimeout(RARE_OUTPUT);

    DataStream<LoopReading> loops = ofKind(telemetry, SensorKind.TRAFFIC_LOOP)
        .flatMap(new LoopReadings(city)).name("loop-readings").uid("loop-readings");
    DataStream<Alert> congestion = loops.keyBy(LoopReading::segmentKey)
        .process(new CongestionDetector(city)).name("congestion").uid("congestion").setBufferTimeout(RARE_OUTPUT);
    DataStream<Alert> anomaly = loops.keyBy(LoopReading::segmentKey)
        .process(new AnomalyDetector(city)).name("traffic-anomaly").uid("traffic-anomaly").setBufferTimeout(RARE_OUTPUT);
    DataStream<Alert> incident = loops.flatMap(new IncidentRouting(city)).name("incident-routing").uid("incident-routing")
        .keyBy(OccupancyUpdate::segmentKey)
        .process(new IncidentDetector(city)).name("incident").uid("incident").setBufferTimeout(RARE_OUTPUT);

    DataStream<DeviceEvent> status = in.status().map(DeviceEvent::of).name("status-events").uid("status-events")
        .setBufferTimeout(RARE_OUTPUT);
    DataStream<DeviceEvent> rejected = in.deadLetters().map(DeviceEvent::of).name("rejection-events").uid("rejection-events")
        .setBufferTimeout(RARE_OUTPUT);
    DataStream<Alert> faults = telemetry.map(DeviceEvent::of).name("telemetry-events").uid("telemetry-events")
        .union(status, rejected)
        .keyBy(DeviceEvent::key)
        .process(new DeviceFaultDetector(city)).name("device-fault").uid("device-fault").setBufferTimeout(RARE_OUTPUT);

    DataStream<Alert> alerts = rain.union(flood, fire, air, quake, congestion, anomaly, incident, faults);
    alerts.sinkTo(sinks.alerts()).name("alerts-kafka").uid("alerts-kafka");
    alerts.map(AlertPoints::of).returns(PointRecord.class).name("alert-points").uid("alert-points")
        .sinkTo(sinks.influx()).name("alerts-influxdb").uid("alerts-influxdb");
    return alerts;
  }

  private static DataStream<TelemetryRecord> ofKind(DataStream<TelemetryRecord> telemetry, SensorKind kind) {
    return telemetry.filter(r -> r.kind() == kind).name(kind.id()).uid("only-" + kind.id());
  }
}
