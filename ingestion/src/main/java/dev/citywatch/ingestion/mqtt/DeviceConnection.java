package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.auth.AuthenticatedDevice;
import dev.citywatch.model.DeviceStatus;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device connection: its handlers, and per PUBLISH one chain from authorisation
 * to PUBACK. A QoS 1 PUBACK leaves only after Kafka has the record.
 */
final class DeviceConnection {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

  private final MqttEndpoint endpoint;
  private final AuthenticatedDevice device;
  private final MessagePipeline pipeline;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final String gatewayId;
  private final Context context;
  private final PublishRateLimiter rateLimiter;
  private final SessionRegistry sessions;
  private final ConnectionQuota quota;
  private final ServerCapabilities capabilities;
  private boolean disconnectedCleanly;

  DeviceConnection(MqttEndpoint endpoint, AuthenticatedDevice device, MessagePipeline pipeline, GatewayMetrics metrics,
                   Clock clock, String gatewayId, Context context, PublishRateLimiter rateLimiter, SessionRegistry sessions,
                   ConnectionQuota quota, ServerCapabilities capabilities) {
    this.quota = quota;
    this.capabilities = capabilities;
    this.rateLimiter = rateLimiter;
    this.sessions = sessions;
    this.endpoint = endpoint;
    this.device = device;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.clock = clock;
    this.gatewayId = gatewayId;
    this.context = context;
  }

  void accept() {
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.disconnectHandler(v -> disconnectedCleanly = true);
    endpoint.closeHandler(v -> onClose());
    if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
      endpoint.accept(false, capabilities.connack());
    } else {
      endpoint.accept(false);
    }
    sessions.takeOver(endpoint, context);
    metrics.connected();
    LOG.info("[tenant={} device={} mqtt={}] connected", device.tenant(), device.deviceId(), endpoint.protocolVersion());
    pipeline.announce(context, status(DeviceStatus.State.ONLINE, "connected", DeviceStatus.Source.GATEWAY));
  }

  private void onPublish(MqttPublishMessage message) {
    long started = System.nanoTime();
    int qos = message.qosLevel().value();
    if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      refuseQos2();
      return;
    }
    if (!rateLimiter.tryAcquire(device.tenant() + "/" + device.deviceId())) {
      refuseRate(qos);
      return;
    }
    Instant receivedAt = clock.instant();
    authorise(message.topicName())
        .compose(topic -> pipeline.handle(context, device, topic, message.topicName(), message.payload().getBytes(), receivedAt))
        .onSuccess(v -> {
          metrics.published(qos, "accepted");
          if (qos == 1) {
            endpoint.publishAcknowledge(message.messageId());
            metrics.pubackSent(Duration.ofNanos(System.nanoTime() - started));
          }
        })
        .onFailure(failure -> refuse(message, GatewayException.of(failure), failure));
  }

  private Future<DeviceTopic> authorise(String topicName) {
    return DeviceTopic.parse(topicName)
        .filter(topic -> device.owns(topic.tenant(), topic.deviceId()))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new GatewayException(Refusal.NOT_AUTHORIZED,
            "a device publishes only to citywatch/" + device.tenant() + "/" + device.deviceId() + "/{telemetry|status}")));
  }

  /** The recover at the edge: every failure of the chain ends here, mapped by {@link ReasonCodes}. */
  private void refuse(MqttPublishMessage message, Refusal refusal, Throwable failure) {
    metrics.published(message.qosLevel().value(), refusal.name().toLowerCase(java.util.Locale.ROOT));
    if (refusal == Refusal.INTERNAL_ERROR) {
      LOG.error("[tenant={} device={}] message failed unexpectedly", device.tenant(), device.deviceId(), failure);
    } else {
      LOG.debug("[tenant={} device={}] message refused ({}): {}", device.tenant(), device.deviceId(), refusal, failure.getMessage());
    }
    if (message.qosLevel() != MqttQoS.AT_LEAST_ONCE || !endpoint.isConnected()) {
      return;
    }
    if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
      MqttProperties props = new MqttProperties();
      props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), truncate(failure.getMessage())));
      MqttPubAckReasonCode code = ReasonCodes.puback(refusal);
      endpoint.publishAcknowledge(message.messageId(), code, props);
    } else if (ReasonCodes.v3AcksRefused(refusal)) {
      endpoint.publishAcknowledge(message.messageId());
    }
  }

  private void refuseQos2() {
    metrics.published(2, "qos_not_supported");
    if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
      endpoint.disconnect(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
  }

  /** MQTT 5 names this DISCONNECT 0x96; 3.1.1 has no word for it, so the connection just closes. */
  private void refuseRate(int qos) {
    metrics.published(qos, "rate_limited");
    LOG.warn("[tenant={} device={}] publishes faster than allowed; disconnecting", device.tenant(), device.deviceId());
    if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
      endpoint.disconnect(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
  }

  /** Devices publish; they do not subscribe. */
  private void onSubscribe(MqttSubscribeMessage subscribe) {
    int n = subscribe.topicSubscriptions().size();
    if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
      endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(n, MqttSubAckReasonCode.NOT_AUTHORIZED), MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.subscribeAcknowledge(subscribe.messageId(), Collections.nCopies(n, MqttQoS.FAILURE));
    }
  }

  private void onClose() {
    metrics.disconnected();
    sessions.closed(endpoint);
    quota.release(device.tenant());
    boolean will = !disconnectedCleanly && endpoint.will() != null && endpoint.will().isWillFlag();
    String reason = disconnectedCleanly ? "disconnected" : "connection lost";
    LOG.info("[tenant={} device={}] {}", device.tenant(), device.deviceId(), reason);
    pipeline.announce(context, status(DeviceStatus.State.OFFLINE, reason, will ? DeviceStatus.Source.WILL : DeviceStatus.Source.GATEWAY));
  }

  private DeviceStatus status(DeviceStatus.State state, String reason, DeviceStatus.Source source) {
    return new DeviceStatus(DeviceStatus.SCHEMA, device.tenant(), device.deviceId(), state, reason, source, gatewayId, clock.instant());
  }

  private static String truncate(String s) {
    return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200);
  }
}
