package dev.citywatch.ingestion.mqtt;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/** What the gateway tells MQTT 5 clients in CONNACK: what it supports and how much it takes. */
final class ServerCapabilities {
  private final int receiveMaximum;
  private final int maximumPacketSize;

  ServerCapabilities(int receiveMaximum, int maximumPacketSize) {
    this.receiveMaximum = receiveMaximum;
    this.maximumPacketSize = maximumPacketSize;
  }

  MqttProperties connack() {
    MqttProperties p = new MqttProperties();
    p.add(new IntegerProperty(MqttPropertyType.MAXIMUM_QOS.value(), 1));
    p.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), receiveMaximum));
    p.add(new IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), maximumPacketSize));
    // Telemetry is a stream: nothing is retained, and devices do not subscribe.
    p.add(new IntegerProperty(MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
    // The gateway keeps no session state, so whatever expiry a device asks for, its session ends
    // with the connection; saying so keeps a v5 client from expecting a session to resume.
    p.add(new IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 0));
    return p;
  }
}
