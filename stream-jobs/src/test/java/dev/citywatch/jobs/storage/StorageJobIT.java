package dev.citywatch.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.Influx;
import dev.citywatch.jobs.LocalFlink;
import dev.citywatch.jobs.Wire;
import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.common.JobSettings;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.KafkaTopics;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage job on a MiniCluster at parallelism 2 against the shared Kafka and InfluxDB:
 * what lands where, with which tags, once; and once again after the job is killed and restored
 * from its last checkpoint.
 */
@RealServers
class StorageJobIT {
  /** Two hours ago on the hour: inside the 7-day raw retention whenever the test runs. */
  private static final Instant BASE = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
  private static final Duration AWAIT = Duration.ofSeconds(90);
  private static final CityReference CITY = CityReference.defaults();

  private record Topics(String telemetry, String status, String dlq) {
    static Topics create(KafkaEndpoint kafka) throws Exception {
      Topics t = new Topics(Names.unique("telemetry"), Names.unique("status"), Names.unique("dlq"));
      KafkaTopics.create(kafka, 2, t.telemetry, t.status, t.dlq);
      return t;
    }
  }

  private static JobSettings settings(KafkaEndpoint kafka, InfluxEndpoint influx, String database, Topics t) {
    return JobSettings.of(kafka.bootstrapServers(), influx.url(), database, t.telemetry, t.status, t.dlq, "unused", t.telemetry);
  }

  private static JobID start(LocalFlink flink, JobSettings s, Optional<String> checkpoint) throws Exception {
    return flink.submit(StorageJob.NAME, env -> {
      env.enableCheckpointing(Duration.ofHours(1).toMillis()); // checkpoints when the test takes them
      env.getCheckpointConfig().setExternalizedCheckpointRetention(
          org.apache.flink.configuration.ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
      StorageJob.buildTopology(env, StorageJob.sources(s), StorageJob.influxSink(s), CITY, s);
    }, checkpoint);
  }

  /** Loop detector {@code n} (1-4, on wonil-nb-1 and -2) at BASE + seconds. */
  private static TelemetryRecord loop(int n, long seq, long seconds, double speed) {
    Instant t = BASE.plusSeconds(seconds);
    return new TelemetryRecord(1, "wonju", "wonju-tl-00" + n, SensorKind.TRAFFIC_LOOP, seq, PayloadFormat.JSON, "gw-1",
        t.plusMillis(20), List.of(new Reading(Quantity.SPEED, speed, t), new Reading(Quantity.VOLUME, 10, t),
            new Reading(Quantity.OCCUPANCY, 12.5, t)));
  }

  /** Four loop detectors every 30 s from {@code fromSecond} to {@code toSecond}, speed 40 + minute % 10. */
  private static List<TelemetryRecord> traffic(long fromSecond, long toSecond) {
    List<TelemetryRecord> out = new ArrayList<>();
    for (long s = fromSecond; s < toSecond; s += 30) {
      for (int n = 1; n <= 4; n++) out.add(loop(n, s / 30 + 1, s, 40 + (s / 60) % 10));
    }
    return out;
  }

  @Test
  void storesEveryMeasurementOnceWithItsTagsRollupsStatusRefusalsAndLateRecords(KafkaEndpoint kafka, InfluxEndpoint server,
                                                                                @TempDir Path checkpoints) throws Exception {
    Topics topics = Topics.create(kafka);
    String database = Names.unique("storage");
    JobSettings s = settings(kafka, server, database, topics);
    List<TelemetryRecord> traffic = traffic(0, 30 * 60);
    try (Wire wire = new Wire(kafka); LocalFlink flink = LocalFlink.start(2, checkpoints); Influx influx = new Influx(server.url(), database)) {
      List<TelemetryRecord> city = new ArrayList<>(traffic);
      for (int m = 0; m < 30; m++) {
        Instant t = BASE.plusSeconds(60L * m);
        city.add(new TelemetryRecord(1, "wonju", "wonju-rv-003", SensorKind.RIVER_GAUGE, m + 1, PayloadFormat.JSON,
            "gw-1", t.plusMillis(20), List.of(new Reading(Quantity.RIVER_LEVEL, 1.0 + m / 100.0, t))));
      }
      for (int p = 0; p < 5; p++) {
        List<Reading> samples = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          samples.add(new Reading(Quantity.ACCELERATION, (i == 50 ? 0.3 : 0.01) * (i % 2 == 0 ? 1 : -1), BASE.plusMillis(p * 1000L + i * 10L)));
        }
        city.add(new TelemetryRecord(1, "wonju", "wonju-sz-003", SensorKind.SEISMIC, p + 1, PayloadFormat.SENML,
            "gw-1", BASE.plusSeconds(p + 1), samples));
      }
      city.sort(java.util.Comparator.comparing(TelemetryRecord::eventTime)); // as devices send them
      for (int i = 0; i < city.size(); i++) {
        wire.send(topics.telemetry, city.get(i));
        if (i % 10 == 0) wire.send(topics.telemetry, city.get(i)); // a device's resend after a lost PUBACK
      }
      wire.send(topics.status, new DeviceStatus(1, "wonju", "wonju-tl-001", DeviceStatus.State.ONLINE, "connected",
          DeviceStatus.Source.GATEWAY, "gw-1", BASE.plusSeconds(5)));
      wire.send(topics.status, new DeviceStatus(1, "wonju", "wonju-rv-003", DeviceStatus.State.OFFLINE, "connection lost",
          DeviceStatus.Source.WILL, "gw-1", BASE.plusSeconds(600)));
      for (int i = 0; i < 2; i++) {
        wire.send(topics.dlq, new DeadLetter(1, "wonju", "wonju-rg-001", "citywatch/wonju/wonju-rg-001/telemetry", "out_of_range",
            "readings[0].value", "rainfall -1.0 mm is impossible", "e30=", "gw-1", BASE.plusSeconds(100 + i)));
      }
      wire.flush();
      start(flink, s, Optional.empty());

      assertThat(influx.await("SELECT count(speed) FROM traffic", n -> n >= 240, AWAIT)).isEqualTo(240);
      assertThat(influx.await("SELECT count(level) FROM river_level", n -> n >= 30, AWAIT)).isEqualTo(30);
      List<List<Object>> first = influx.rows("SELECT speed, volume, occupancy, tenant, device, kind, district, segment FROM traffic "
          + "WHERE device = 'wonju-tl-001' ORDER BY time ASC LIMIT 1");
      assertThat(first.get(0)).containsExactly(BASE.toString(), 40.0, 10.0, 12.5, "wonju", "wonju-tl-001", "traffic_loop", "단구동",
          "wonil-nb-1");
      assertThat(influx.rows("SELECT level, river FROM river_level WHERE device = 'wonju-rv-003' ORDER BY time DESC LIMIT 1").get(0))
          .containsExactly(BASE.plusSeconds(29 * 60).toString(), 1.29, "wonjucheon");
      assertThat(influx.await("SELECT count(pga) FROM seismic_pga", n -> n >= 5, AWAIT)).isEqualTo(5);
      assertThat(influx.rows("SELECT max(pga) FROM seismic_pga").get(0).get(1)).isEqualTo(0.3);

      // Rollups: each closed minute of each detector holds its two readings, copies not counted twice.
      long closed = influx.await("SELECT sum(speed_count) FROM rollup.traffic_1m", n -> n >= 4 * 2 * 28, AWAIT);
      assertThat(closed % 8).as("whole minutes of four detectors").isZero();
      assertThat(influx.rows("SELECT speed_mean, speed_min, speed_max, speed_count FROM rollup.traffic_1m "
          + "WHERE device = 'wonju-tl-002' AND time = '" + BASE.plusSeconds(5 * 60) + "'").get(0))
          .containsExactly(BASE.plusSeconds(5 * 60).toString(), 45.0, 45.0, 45.0, 2.0);
      assertThat(influx.rows("SELECT messages FROM device_seen WHERE device = 'wonju-tl-003' AND time = '" + BASE.plusSeconds(60) + "'")
          .get(0).get(1)).isEqualTo(2.0);

      assertThat(influx.await("SELECT count(state_code) FROM device_status", n -> n >= 2, AWAIT)).isEqualTo(2);
      assertThat(influx.rows("SELECT state_code, state, source FROM device_status WHERE device = 'wonju-rv-003'").get(0))
          .containsExactly(BASE.plusSeconds(600).toString(), 0.0, "offline", "will");
      assertThat(influx.await("SELECT sum(\"count\") FROM rejections WHERE reason = 'out_of_range'", n -> n >= 2, AWAIT)).isEqualTo(2);

      // A message from long ago (behind the watermark): stored, and counted as late, never dropped.
      wire.send(topics.telemetry, loop(1, 999, 2 * 60 + 15, 33));
      wire.flush();
      assertThat(influx.await("SELECT count(lateness_ms) FROM late_records", n -> n >= 1, AWAIT)).isEqualTo(1);
      // The late point and its count may leave through different sink subtasks: wait for the point too.
      String latePoint = "SELECT speed FROM traffic WHERE time = '" + BASE.plusSeconds(135) + "'";
      assertThat(influx.await(latePoint.replace("SELECT speed", "SELECT count(speed)"), n -> n >= 1, AWAIT)).isEqualTo(1);
      assertThat(influx.rows(latePoint).get(0).get(1)).isEqualTo(33.0);

      List<List<Object>> policies = new ArrayList<>(influx.raw("SHOW RETENTION POLICIES ON " + database).getResults().get(0).getSeries()
          .get(0).getValues());
      assertThat(policies).anySatisfy(p -> assertThat(p).startsWith("raw", "168h0m0s").endsWith(true))
          .anySatisfy(p -> assertThat(p).startsWith("rollup", "17472h0m0s").endsWith(false));
    }
  }

  @Test
  void killedMidStreamAndRestoredFromItsLastCheckpointItWritesEveryPointOnce(KafkaEndpoint kafka, InfluxEndpoint server,
                                                                           @TempDir Path checkpoints) throws Exception {
    Topics topics = Topics.create(kafka);
    String database = Names.unique("storage_restore");
    JobSettings s = settings(kafka, server, database, topics);
    try (Wire wire = new Wire(kafka); LocalFlink flink = LocalFlink.start(2, checkpoints); Influx influx = new Influx(server.url(), database)) {
      traffic(0, 15 * 60).forEach(r -> wire.send(topics.telemetry, r));
      wire.flush();
      JobID first = start(flink, s, Optional.empty());
      influx.await("SELECT count(speed) FROM traffic", n -> n >= 4 * 30, AWAIT);
      String checkpoint = flink.checkpoint(first);

      traffic(15 * 60, 25 * 60).forEach(r -> wire.send(topics.telemetry, r));
      wire.flush();
      influx.await("SELECT count(speed) FROM traffic", n -> n >= 4 * 50, AWAIT);
      long rollupsBeforeKill = influx.await("SELECT sum(speed_count) FROM rollup.traffic_1m", n -> n >= 4 * 2 * 24, AWAIT);
      flink.kill(first);
      assertThat(rollupsBeforeKill).as("minutes after the checkpoint were rolled up before the kill").isEqualTo(4 * 2 * 24);

      traffic(25 * 60, 40 * 60).forEach(r -> wire.send(topics.telemetry, r));
      wire.flush();
      start(flink, s, Optional.of(checkpoint)); // replays everything after the checkpoint: the same points again
      assertThat(influx.await("SELECT count(speed) FROM traffic", n -> n >= 4 * 80, AWAIT)).isEqualTo(4 * 80);
      // every minute up to 39:00 is closed (the watermark is 30 s behind 39:45); none counted twice
      assertThat(influx.await("SELECT sum(speed_count) FROM rollup.traffic_1m", n -> n >= 4 * 2 * 39, AWAIT)).isEqualTo(4 * 2 * 39);
      assertThat(influx.rows("SELECT max(speed_count) FROM rollup.traffic_1m").get(0).get(1)).isEqualTo(2.0);
      assertThat(influx.number("SELECT count(messages) FROM device_seen")).isEqualTo(4 * 39);
    }
  }
}
