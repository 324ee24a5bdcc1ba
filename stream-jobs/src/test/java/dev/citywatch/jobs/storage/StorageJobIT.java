package dev.citywatch.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.wire.WireJson;
import dev.citywatch.testkit.InfluxEndpoint;
import dev.citywatch.testkit.KafkaEndpoint;
import dev.citywatch.testkit.Names;
import dev.citywatch.testkit.RealServers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@RealServers
class StorageJobIT {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

  @Test
  void storesEveryReadingOfEveryRecordAsATaggedPoint(KafkaEndpoint kafka, InfluxEndpoint influxServer) throws Exception {
    String topic = Names.unique("telemetry");
    String database = Names.unique("storage_it");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
    int traffic = 200;
    int rain = 100;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"), new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < traffic; i++) {
        Instant t = T0.plusSeconds(30L * i);
        send(producer, topic, new TelemetryRecord(1, "wonju", "wonju-tl-00" + (i % 4 + 1), SensorKind.TRAFFIC_LOOP, i, PayloadFormat.JSON,
            "gw-1", t.plusMillis(20), List.of(new Reading(Quantity.SPEED, 40 + i % 10, t), new Reading(Quantity.VOLUME, 10, t),
            new Reading(Quantity.OCCUPANCY, 12.5, t))));
      }
      for (int i = 0; i < rain; i++) {
        Instant t = T0.plusSeconds(60L * i);
        send(producer, topic, new TelemetryRecord(1, "hoengseong", "hoengseong-rg-001", SensorKind.RAIN_GAUGE, i, PayloadFormat.SENML,
            "gw-2", t.plusMillis(20), List.of(new Reading(Quantity.RAINFALL, 0.5, t))));
      }
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    env.enableCheckpointing(1_000);
    StorageJob.buildTopology(env, StorageJob.kafkaSource(kafka.bootstrapServers(), topic, topic),
        StorageJob.influxSink(InfluxSettings.of(influxServer.url(), database)));
    JobClient job = env.executeAsync(StorageJob.NAME);
    try (InfluxDB influx = InfluxDBFactory.connect(influxServer.url())) {
      // 4 loop detectors x 50 distinct times; speed, volume and occupancy merge into one point.
      awaitCount(influx, database, "SELECT count(speed) FROM traffic", traffic);
      awaitCount(influx, database, "SELECT count(rainfall) FROM rainfall WHERE tenant = 'hoengseong'", rain);
      QueryResult first = influx.query(new Query(
          "SELECT speed, volume, occupancy, device, kind FROM traffic WHERE tenant = 'wonju' ORDER BY time ASC LIMIT 1", database));
      List<Object> row = first.getResults().get(0).getSeries().get(0).getValues().get(0);
      assertThat(row.get(0)).isEqualTo(T0.toString());
      assertThat(row.subList(1, 6)).containsExactly(40.0, 10.0, 12.5, "wonju-tl-001", "traffic_loop");
    } finally {
      job.cancel().get();
    }
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, TelemetryRecord record) {
    producer.send(new ProducerRecord<>(topic, record.key(), WireJson.write(record)));
  }

  static void awaitCount(InfluxDB influx, String database, String query, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long count = -1;
    while (System.nanoTime() < deadline) {
      count = count(influx, database, query);
      if (count >= expected) break;
      Thread.sleep(250);
    }
    assertThat(count).as(query).isEqualTo(expected);
  }

  static long count(InfluxDB influx, String database, String query) {
    QueryResult result = influx.query(new Query(query, database));
    var series = result.getResults().get(0).getSeries();
    return series == null ? 0 : ((Number) series.get(0).getValues().get(0).get(1)).longValue();
  }
}
