package dev.citywatch.ingestion;

import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT 5 callback that completes with the reason code of the server's DISCONNECT. */
record DisconnectCapture(CompletableFuture<Integer> result) implements MqttCallback {
  @Override
  public void disconnected(MqttDisconnectResponse response) {
    result.complete(response.getReturnCode());
  }

  @Override
  public void mqttErrorOccurred(MqttException exception) {}

  @Override
  public void messageArrived(String topic, MqttMessage message) {}

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverURI) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
