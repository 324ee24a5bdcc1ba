package dev.citywatch.ingestion.config;

import dev.citywatch.model.Ids;
import dev.citywatch.model.Topics;
import dev.citywatch.model.decode.DecodeLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Everything a gateway needs to start, read once and validated as a whole: a bad value stops
 * start-up with every problem named, instead of failing on the first device that trips over it.
 *
 * @param bindHost the address every listener of the gateway (MQTT, TLS, WebSocket, operations)
 *     binds to: 0.0.0.0 for all interfaces, 127.0.0.1 for this machine only
 * @param mqttPort plain MQTT over TCP; 0 picks a free port (tests)
 * @param kafka producer settings; {@code bootstrap.servers} is required
 * @param limits what a payload may be (size, nesting, readings, clock skew)
 * @param gatewayLimits publish rates, login throttling, connection quotas
 * @param opsPort HTTP port of /health/live, /health/ready and /metrics; 0 picks a free port, -1 turns it off
 * @param tls the MQTT-over-TLS listener, if any
 * @param websocketPort MQTT over WebSocket (path {@code /mqtt}) for browser-based field tools;
 *     0 picks a free port, -1 turns it off
 * @param drainTimeout on shutdown, how long in-flight messages may take to reach Kafka and be
 *     acknowledged before connections are closed anyway
 */
public record GatewayConfig(
    String gatewayId,
    String bindHost,
    int mqttPort,
    KafkaSettings kafka,
    DecodeLimits limits,
    GatewayLimits gatewayLimits,
    int opsPort,
    Optional<TlsSettings> tls,
    int websocketPort,
    Duration drainTimeout) {

  public GatewayConfig {
    List<String> problems = new ArrayList<>();
    if (!Ids.isValid(gatewayId)) problems.add("gateway id '" + gatewayId + "' must be a valid id");
    if (bindHost == null || bindHost.isBlank()) problems.add("bind host is required");
    if (mqttPort < 0 || mqttPort > 65_535) problems.add("MQTT port must be 0-65535, got " + mqttPort);
    if (opsPort < -1 || opsPort > 65_535) problems.add("operations port must be -1 (off) or 0-65535, got " + opsPort);
    if (websocketPort < -1 || websocketPort > 65_535) problems.add("WebSocket port must be -1 (off) or 0-65535, got " + websocketPort);
    if (kafka == null) problems.add("Kafka settings are required");
    if (limits == null) problems.add("decode limits are required");
    if (gatewayLimits == null) problems.add("gateway limits are required");
    if (drainTimeout == null || drainTimeout.isNegative()) problems.add("drain timeout must be >= 0");
    tls = tls == null ? Optional.empty() : tls;
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid gateway configuration: " + String.join("; ", problems));
    }
  }

  /** Plain TCP only, no WebSocket, 10 s to drain on shutdown. */
  public GatewayConfig(String gatewayId, String bindHost, int mqttPort, KafkaSettings kafka, DecodeLimits limits,
                       GatewayLimits gatewayLimits, int opsPort) {
    this(gatewayId, bindHost, mqttPort, kafka, limits, gatewayLimits, opsPort, Optional.empty(), -1, Duration.ofSeconds(10));
  }

  /**
   * Kafka producer settings and topic names.
   *
   * @param extra further producer properties (e.g. TLS); they cannot weaken acks or idempotence
   */
  public record KafkaSettings(String bootstrapServers, String telemetryTopic, String dlqTopic, String statusTopic, Map<String, String> extra) {
    public KafkaSettings {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("Kafka bootstrap servers are required");
      }
      Objects.requireNonNull(telemetryTopic, "telemetryTopic");
      Objects.requireNonNull(dlqTopic, "dlqTopic");
      Objects.requireNonNull(statusTopic, "statusTopic");
      extra = Map.copyOf(extra);
      for (String fixed : List.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
        if (extra.containsKey(fixed)) {
          throw new IllegalArgumentException("Kafka property '" + fixed + "' is fixed by the gateway and cannot be set");
        }
      }
    }

    public static KafkaSettings standard(String bootstrapServers) {
      return new KafkaSettings(bootstrapServers, Topics.KAFKA_TELEMETRY, Topics.KAFKA_TELEMETRY_DLQ, Topics.KAFKA_DEVICE_STATUS, Map.of());
    }
  }

  public static GatewayConfig defaults(String bootstrapServers, int mqttPort, int opsPort) {
    return new GatewayConfig("gw-1", "0.0.0.0", mqttPort, KafkaSettings.standard(bootstrapServers), DecodeLimits.DEFAULT,
        GatewayLimits.DEFAULT, opsPort);
  }

  /** MQTT verticle instances: one per core, each on its own event loop, sharing the ports. */
  public int instances() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  public GatewayConfig withPorts(int mqttPort, int opsPort) {
    return new GatewayConfig(gatewayId, bindHost, mqttPort, kafka, limits, gatewayLimits, opsPort, tls, websocketPort, drainTimeout);
  }

  public GatewayConfig withTls(TlsSettings tls) {
    return new GatewayConfig(gatewayId, bindHost, mqttPort, kafka, limits, gatewayLimits, opsPort, Optional.of(tls), websocketPort,
        drainTimeout);
  }

  public GatewayConfig withWebSocket(int port) {
    return new GatewayConfig(gatewayId, bindHost, mqttPort, kafka, limits, gatewayLimits, opsPort, tls, port, drainTimeout);
  }

  public GatewayConfig withDrainTimeout(Duration timeout) {
    return new GatewayConfig(gatewayId, bindHost, mqttPort, kafka, limits, gatewayLimits, opsPort, tls, websocketPort, timeout);
  }
}
