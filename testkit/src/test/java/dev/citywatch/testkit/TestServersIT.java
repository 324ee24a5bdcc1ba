package dev.citywatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.junit.jupiter.api.Test;

@RealServers
class TestServersIT {
  @Test
  void kafkaTakesAndGivesBackARecord(KafkaEndpoint kafka) throws Exception {
    String topic = Names.unique("testkit");
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, topic);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      ConsumerRecords<String, String> records = ConsumerRecords.empty();
      for (int i = 0; i < 20 && records.isEmpty(); i++) {
        records = consumer.poll(Duration.ofMillis(500));
      }
      assertThat(records).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo("v"));
    }
    assertThat(kafka.mode()).isIn("env", "testcontainers", "local");
  }

  @Test
  void influxStoresAndAnswersAPoint(InfluxEndpoint endpoint) {
    String db = Names.unique("testkit");
    try (InfluxDB influx = InfluxDBFactory.connect(endpoint.url())) {
      influx.query(new Query("CREATE DATABASE " + db));
      influx.write(db, "autogen", Point.measurement("m").tag("t", "x").addField("f", 1.5).time(1_700_000_000_000L, java.util.concurrent.TimeUnit.MILLISECONDS).build());
      var result = influx.query(new Query("SELECT f FROM m", db));
      assertThat(result.getResults().get(0).getSeries().get(0).getValues()).hasSize(1);
      influx.query(new Query("DROP DATABASE " + db));
    }
  }
}
