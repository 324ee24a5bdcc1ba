package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.auth.AuthenticatedDevice;
import dev.citywatch.ingestion.config.GatewayConfig;
import dev.citywatch.ingestion.kafka.KafkaPublisher;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.decode.DecodeContext;
import dev.citywatch.model.decode.DecodeException;
import dev.citywatch.model.decode.DecodedTelemetry;
import dev.citywatch.model.decode.StatusDecoder;
import dev.citywatch.model.decode.TelemetryDecoder;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.wire.WireJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * What happens to one accepted PUBLISH, as one linear chain: decode and validate, enrich, write to
 * Kafka. A payload that fails validation goes to the dead-letter topic whole, and the chain then
 * fails with {@link Refusal#PAYLOAD_INVALID} so the device learns why.
 */
public final class MessagePipeline {
  private final GatewayConfig config;
  private final KafkaPublisher kafka;
  private final GatewayMetrics metrics;
  private final Map<PayloadFormat, TelemetryDecoder> decoders = new EnumMap<>(PayloadFormat.class);
  private final StatusDecoder statusDecoder = new StatusDecoder();

  public MessagePipeline(GatewayConfig config, KafkaPublisher kafka, GatewayMetrics metrics) {
    this.config = config;
    this.kafka = kafka;
    this.metrics = metrics;
    for (PayloadFormat format : PayloadFormat.values()) {
      decoders.put(format, TelemetryDecoder.forFormat(format, config.limits()));
    }
  }

  public Future<Void> handle(Context context, AuthenticatedDevice device, DeviceTopic topic, String topicName, byte[] payload, Instant receivedAt) {
    Future<Void> written = switch (topic.channel()) {
      case TELEMETRY -> decodeTelemetry(device, payload, receivedAt)
          .compose(record -> kafka.send(context, config.kafka().telemetryTopic(), record.key(), WireJson.write(record)));
      case STATUS -> decodeStatus(device, payload, receivedAt)
          .compose(status -> kafka.send(context, config.kafka().statusTopic(), status.key(), WireJson.write(status)));
    };
    return written.recover(failure -> failure instanceof InvalidPayload invalid
        ? deadLetter(context, device, topicName, payload, receivedAt, invalid.cause)
            // The reason string an MQTT 5 device gets: "unit_mismatch: readings[0].unit: expected m, got cm"
            .compose(v -> Future.failedFuture(new GatewayException(Refusal.PAYLOAD_INVALID,
                invalid.cause.reason().code() + ": " + invalid.getMessage())))
        : Future.failedFuture(failure));
  }

  /** Tells Kafka that a device came or went; nobody waits for it, so it never delays a message. */
  public void announce(Context context, DeviceStatus status) {
    kafka.send(context, config.kafka().statusTopic(), status.key(), WireJson.write(status));
  }

  private Future<TelemetryRecord> decodeTelemetry(AuthenticatedDevice auth, byte[] payload, Instant receivedAt) {
    Device device = auth.device();
    try {
      DecodedTelemetry decoded = decoders.get(device.format())
          .decode(payload, new DecodeContext(auth.tenant(), device.id(), device.kind(), receivedAt));
      return Future.succeededFuture(new TelemetryRecord(TelemetryRecord.SCHEMA, auth.tenant(), device.id(), device.kind(),
          decoded.sequence(), device.format(), config.gatewayId(), receivedAt, decoded.readings()));
    } catch (DecodeException e) {
      return Future.failedFuture(new InvalidPayload(e));
    }
  }

  private Future<DeviceStatus> decodeStatus(AuthenticatedDevice auth, byte[] payload, Instant receivedAt) {
    try {
      return Future.succeededFuture(statusDecoder.decode(payload, auth.tenant(), auth.deviceId(), config.gatewayId(), receivedAt));
    } catch (DecodeException e) {
      return Future.failedFuture(new InvalidPayload(e));
    }
  }

  private Future<Void> deadLetter(Context context, AuthenticatedDevice device, String topic, byte[] payload, Instant receivedAt, DecodeException e) {
    metrics.rejected(device.tenant(), e.reason().code());
    DeadLetter letter = DeadLetter.of(device.tenant(), device.deviceId(), topic, e.reason().code(), e.field(), e.getMessage(),
        payload, config.gatewayId(), receivedAt);
    return kafka.send(context, config.kafka().dlqTopic(), letter.key(), WireJson.write(letter));
  }
}
