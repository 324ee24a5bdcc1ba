package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.auth.AuthenticatedDevice;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TenantKey;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated device connection: its handlers, and per PUBLISH one chain from authorisation
 * to PUBACK. A QoS 1 PUBACK leaves only after Kafka has the record. Runs on one event loop.
 */
final class DeviceConnection {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);

  private final MqttEndpoint endpoint;
  private final AuthenticatedDevice device;
  private final Context context;
  private final GatewayServices services;
  private final InflightWindow window;
  private final Consumer<DeviceConnection> onClosed;
  private final String deviceKey;
  private boolean disconnectedCleanly;
  private int refused;

  DeviceConnection(MqttEndpoint endpoint, AuthenticatedDevice device, Context context, GatewayServices services,
                   Consumer<DeviceConnection> onClosed) {
    this.endpoint = endpoint;
    this.device = device;
    this.context = context;
    this.services = services;
    this.onClosed = onClosed;
    this.deviceKey = TenantKey.of(device.tenant(), device.deviceId());
    this.window = new InflightWindow(services.limits().receiveMaximum(), SocketReads.of(endpoint), services.metrics());
  }

  void accept() {
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.disconnectHandler(v -> disconnectedCleanly = true);
    endpoint.closeHandler(v -> onClose());
    endpoint.exceptionHandler(this::onProtocolError);
    // The gateway keeps no session state (devices do not subscribe, it sends them nothing), so
    // there is never a session to resume: session present is always false.
    if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
      endpoint.accept(false, services.capabilities().connack());
    } else {
      endpoint.accept(false);
    }
    services.sessions().takeOver(this, context);
    services.metrics().connected();
    LOG.info("[tenant={} device={} mqtt={} tls={}] connected", device.tenant(), device.deviceId(), endpoint.protocolVersion(),
        endpoint.isSsl());
    services.pipeline().announce(context, status(DeviceStatus.State.ONLINE, "connected", DeviceStatus.Source.GATEWAY));
  }

  private void onPublish(MqttPublishMessage message) {
    long started = System.nanoTime();
    if (message.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      refuseQos2();
      return;
    }
    PublishRateLimiter.Admission admission = services.rateLimiter().admit(deviceKey);
    if (admission.abusive()) {
      refuseRate(message.qosLevel().value());
    } else if (admission.waitNanos() > 0) {
      // Over its rate (a backlog after an outage, most likely): hold the message and read nothing
      // more from this device until its token is due; TCP then slows the device down.
      services.metrics().throttled();
      window.hold();
      context.owner().setTimer(Math.max(1, (admission.waitNanos() + 999_999) / 1_000_000), id -> {
        handle(message, started);
        window.release();
      });
    } else {
      handle(message, started);
    }
  }

  private void handle(MqttPublishMessage message, long started) {
    if (window.draining() || !endpoint.isConnected()) {
      return; // closing: nothing new goes to Kafka, and the device resends what was not acknowledged
    }
    int qos = message.qosLevel().value();
    Instant receivedAt = services.clock().instant();
    window.begin();
    authorise(message.topicName())
        .compose(topic -> services.pipeline().handle(context, device, topic, message.topicName(), message.payload().getBytes(), receivedAt))
        .onSuccess(v -> {
          services.metrics().published(qos, "accepted");
          if (qos == 1 && endpoint.isConnected()) {
            endpoint.publishAcknowledge(message.messageId());
            services.metrics().pubackSent(Duration.ofNanos(System.nanoTime() - started));
          }
        })
        .onFailure(failure -> refuse(message, GatewayException.of(failure), failure))
        // Last, after the PUBACK: a connection waiting to close goes only once every answer is out.
        .onComplete(v -> window.end());
  }

  private Future<DeviceTopic> authorise(String topicName) {
    if (topicName.length() > services.limits().maxTopicLength()) {
      return Future.failedFuture(new GatewayException(Refusal.TOPIC_INVALID,
          "topic name longer than " + services.limits().maxTopicLength() + " characters"));
    }
    return DeviceTopic.parse(topicName)
        .filter(topic -> device.owns(topic.tenant(), topic.deviceId()))
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(new GatewayException(Refusal.NOT_AUTHORIZED,
            "a device publishes only to citywatch/" + device.tenant() + "/" + device.deviceId() + "/{telemetry|status}")));
  }

  /** The recover at the edge: every failure of the chain ends here, mapped by {@link ReasonCodes}. */
  private void refuse(MqttPublishMessage message, Refusal refusal, Throwable failure) {
    services.metrics().published(message.qosLevel().value(), refusal.name().toLowerCase(Locale.ROOT));
    if (refusal == Refusal.INTERNAL_ERROR) {
      LOG.error("[tenant={} device={}] message failed unexpectedly", device.tenant(), device.deviceId(), failure);
    } else {
      LOG.debug("[tenant={} device={}] message refused ({}): {}", device.tenant(), device.deviceId(), refusal, failure.getMessage());
    }
    if (!endpoint.isConnected()) {
      return;
    }
    if (message.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
      if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
        endpoint.publishAcknowledge(message.messageId(), ReasonCodes.puback(refusal), reasonString(failure.getMessage()));
      } else if (ReasonCodes.v3AcksRefused(refusal)) {
        endpoint.publishAcknowledge(message.messageId());
      } else if (ReasonCodes.v3ClosesToResend(refusal)) {
        // A 3.1.1 client resends an unanswered QoS 1 message only on a new connection, so leaving
        // this one open would strand the message in the device's in-flight window for good.
        LOG.warn("[tenant={} device={}] closing the connection so the device resends: {}", device.tenant(), device.deviceId(), refusal);
        close(MqttDisconnectReasonCode.UNSPECIFIED_ERROR, "resend_" + refusal.name().toLowerCase(Locale.ROOT));
        return;
      }
    }
    if (ReasonCodes.isOffence(refusal) && ++refused >= services.limits().maxRefusedPublishes()) {
      LOG.warn("[tenant={} device={}] {} refused publishes; disconnecting", device.tenant(), device.deviceId(), refused);
      close(MqttDisconnectReasonCode.NOT_AUTHORIZED, "refused_publishes");
    }
  }

  private void refuseQos2() {
    services.metrics().published(2, "qos_not_supported");
    close(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, "qos2");
  }

  /**
   * Over its rate without a break for longer than {@code rateAbuseAfter}: MQTT 5 names this
   * DISCONNECT 0x96; 3.1.1 has no word for it, so the connection just closes. This message is not
   * taken; those before it are answered first.
   */
  private void refuseRate(int qos) {
    services.metrics().published(qos, "rate_limited");
    LOG.warn("[tenant={} device={}] over its publish rate for {} without a break; disconnecting", device.tenant(), device.deviceId(),
        services.limits().rateAbuseAfter());
    close(MqttDisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, "rate_limited");
  }

  /**
   * A frame the MQTT decoder could not take. Vert.x closes the connection; an MQTT 5 client first
   * learns why when the frame was too large (DISCONNECT 0x95, the limit is in CONNACK).
   */
  private void onProtocolError(Throwable error) {
    LOG.debug("[tenant={} device={}] protocol error: {}", device.tenant(), device.deviceId(), error.toString());
    if (error instanceof TooLongFrameException && endpoint.isConnected()) {
      disconnect(MqttDisconnectReasonCode.PACKET_TOO_LARGE, "packet_too_large");
    } else {
      services.metrics().protocolError();
      services.metrics().closedByGateway("protocol_error");
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

  /** Shutdown, first step: read nothing more, let what is in flight finish. */
  void drain() {
    window.drain();
  }

  /** Shutdown, last step: MQTT 5 clients learn why (0x8B) and may move to another gateway at once. */
  void shutDown() {
    if (endpoint.isConnected()) {
      disconnect(MqttDisconnectReasonCode.SERVER_SHUTTING_DOWN, "shutdown");
    }
  }

  /** The same device connected again with this client id: this older connection goes (MQTT 5: 0x8E). */
  void takenOver() {
    if (endpoint.isConnected()) {
      LOG.info("[tenant={} device={}] session taken over by a new connection", device.tenant(), device.deviceId());
      close(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, "taken_over");
    }
  }

  String clientId() {
    return endpoint.clientIdentifier();
  }

  AuthenticatedDevice device() {
    return device;
  }

  /**
   * Closes the connection once every message Kafka took has been answered: reads stop at once, what
   * is in flight finishes (PUBACK), then an MQTT 5 client gets a DISCONNECT with {@code code}. A
   * device is never cut off holding records that Kafka has but it was not told of, which it would
   * send again on the next connection.
   */
  private void close(MqttDisconnectReasonCode code, String why) {
    if (window.draining()) return;
    window.drainThen(() -> {
      if (endpoint.isConnected()) disconnect(code, why);
    });
  }

  private void disconnect(MqttDisconnectReasonCode code, String why) {
    services.metrics().closedByGateway(why);
    if (endpoint.protocolVersion() == ReasonCodes.MQTT_5) {
      endpoint.disconnect(code, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.close();
    }
  }

  private void onClose() {
    services.metrics().disconnected();
    services.sessions().closed(this);
    services.quota().release(device.tenant());
    onClosed.accept(this);
    boolean will = !disconnectedCleanly && endpoint.will() != null && endpoint.will().isWillFlag();
    String reason = disconnectedCleanly ? "disconnected" : "connection lost";
    LOG.info("[tenant={} device={}] {}", device.tenant(), device.deviceId(), reason);
    services.pipeline().announce(context,
        status(DeviceStatus.State.OFFLINE, reason, will ? DeviceStatus.Source.WILL : DeviceStatus.Source.GATEWAY));
  }

  private DeviceStatus status(DeviceStatus.State state, String reason, DeviceStatus.Source source) {
    return new DeviceStatus(DeviceStatus.SCHEMA, device.tenant(), device.deviceId(), state, reason, source,
        services.config().gatewayId(), services.clock().instant());
  }

  private static MqttProperties reasonString(String message) {
    String s = message == null ? "" : message.length() <= 200 ? message : message.substring(0, 200);
    MqttProperties props = new MqttProperties();
    props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), s));
    return props;
  }
}
