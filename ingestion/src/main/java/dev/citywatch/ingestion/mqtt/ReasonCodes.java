package dev.citywatch.ingestion.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

/** The single mapping from {@link Refusal} to MQTT reason codes (v5) and return codes (3.1.1). */
public final class ReasonCodes {
  public static final int MQTT_5 = 5;

  private ReasonCodes() {}

  public static MqttConnectReturnCode connack(Refusal refusal, int protocolVersion) {
    boolean v5 = protocolVersion == MQTT_5;
    return switch (refusal) {
      case BAD_CREDENTIALS -> v5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
          : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
      case THROTTLED -> v5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
          : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
      case QUOTA_EXCEEDED -> v5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
          : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
      case NOT_AUTHORIZED, TOPIC_INVALID -> v5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
          : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
      case SHUTTING_DOWN, KAFKA_UNAVAILABLE, PAYLOAD_INVALID, RATE_LIMITED, INTERNAL_ERROR -> v5
          ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
          : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
    };
  }

  /** The MQTT 5 PUBACK reason for a QoS 1 message that was not accepted. */
  public static MqttPubAckReasonCode puback(Refusal refusal) {
    return switch (refusal) {
      case NOT_AUTHORIZED, BAD_CREDENTIALS, THROTTLED -> MqttPubAckReasonCode.NOT_AUTHORIZED;
      case TOPIC_INVALID -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
      case RATE_LIMITED, QUOTA_EXCEEDED -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
      case PAYLOAD_INVALID -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
      case SHUTTING_DOWN, KAFKA_UNAVAILABLE, INTERNAL_ERROR -> MqttPubAckReasonCode.UNSPECIFIED_ERROR;
    };
  }

  /**
   * Whether a 3.1.1 client gets a plain PUBACK for a refused QoS 1 message. 3.1.1 has no negative
   * acknowledgement: an invalid payload is acked because it is safely in the dead-letter topic (a
   * retry could never succeed); a Kafka failure is not, and the connection is closed so that the device sends it again
   * ({@link #v3ClosesToResend}).
   */
  public static boolean v3AcksRefused(Refusal refusal) {
    return refusal == Refusal.PAYLOAD_INVALID;
  }

  /**
   * Whether a 3.1.1 client's connection is closed after a QoS 1 message that failed through no
   * fault of the device (Kafka did not take it, an internal error): 3.1.1 clients resend
   * unacknowledged messages only when they reconnect (MQTT 3.1.1, 4.4), so closing is the one way
   * to get the message again.
   */
  public static boolean v3ClosesToResend(Refusal refusal) {
    return refusal == Refusal.KAFKA_UNAVAILABLE || refusal == Refusal.INTERNAL_ERROR;
  }

  /** Refusals that count as offences: after too many, the connection is closed. */
  public static boolean isOffence(Refusal refusal) {
    return refusal == Refusal.NOT_AUTHORIZED || refusal == Refusal.TOPIC_INVALID;
  }
}
