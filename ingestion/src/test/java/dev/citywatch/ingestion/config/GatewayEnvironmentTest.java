package dev.citywatch.ingestion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayEnvironmentTest {
  @Test
  void onlyTheKafkaBootstrapIsRequired() {
    GatewayConfig config = GatewayEnvironment.read(Map.of("CITYWATCH_KAFKA_BOOTSTRAP", "kafka:9092"));
    assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(config.mqttPort()).isEqualTo(1883);
    assertThat(config.opsPort()).isEqualTo(8080);
    assertThat(config.websocketPort()).isEqualTo(-1);
    assertThat(config.tls()).isEmpty();
    assertThat(config.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void everyMistakeIsNamedAtOnce() {
    assertThatThrownBy(() -> GatewayEnvironment.read(Map.of("CITYWATCH_MQTT_PORT", "eighteen", "CITYWATCH_TLS_PORT", "8883")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CITYWATCH_KAFKA_BOOTSTRAP is required")
        .hasMessageContaining("CITYWATCH_MQTT_PORT must be a number, got 'eighteen'")
        .hasMessageContaining("TLS needs all of CITYWATCH_TLS_PORT, CITYWATCH_TLS_CERT, CITYWATCH_TLS_KEY");
  }

  @Test
  void missingCertificateFilesAreReported() {
    assertThatThrownBy(() -> GatewayEnvironment.read(Map.of("CITYWATCH_KAFKA_BOOTSTRAP", "k:9092", "CITYWATCH_TLS_PORT", "8883",
        "CITYWATCH_TLS_CERT", "/nowhere/cert.pem", "CITYWATCH_TLS_KEY", "/nowhere/key.pem")))
        .hasMessageContaining("TLS certificate chain /nowhere/cert.pem is not a readable file")
        .hasMessageContaining("TLS private key /nowhere/key.pem is not a readable file");
  }

  @Test
  void limitsReportEveryBadValue() {
    assertThatThrownBy(() -> new GatewayLimits(0, 0, 1, 1, Duration.ofMinutes(1)))
        .hasMessageContaining("messagesPerSecond must be > 0")
        .hasMessageContaining("messageBurst must be >= 1");
  }
}
