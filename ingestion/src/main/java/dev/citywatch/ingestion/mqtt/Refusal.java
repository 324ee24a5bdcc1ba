package dev.citywatch.ingestion.mqtt;

/**
 * Why the gateway said no to a connection or a message. {@link ReasonCodes} is the one place that
 * turns a refusal into what MQTT 5 and MQTT 3.1.1 clients see.
 */
public enum Refusal {
  BAD_CREDENTIALS,
  /** Too many failed logins from this address. */
  THROTTLED,
  /** The gateway, or the device's tenant, holds as many connections as it may. */
  QUOTA_EXCEEDED,
  /** The gateway is shutting down and takes no new connections. */
  SHUTTING_DOWN,
  /** The device publishes faster than its token bucket allows. */
  RATE_LIMITED,
  /** The topic is not one of the device's own. */
  NOT_AUTHORIZED,
  /** The topic name is longer than the gateway accepts. */
  TOPIC_INVALID,
  PAYLOAD_INVALID,
  KAFKA_UNAVAILABLE,
  INTERNAL_ERROR
}
