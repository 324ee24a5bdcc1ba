package dev.citywatch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.auth.FleetCredentials;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made MQTT frames for what well-behaved clients (Paho) will not send: silence, half a
 * CONNECT, QoS 2 to a server that said its maximum is 1.
 */
final class RawMqtt {
  private RawMqtt() {}

  /** Connects {@code device} of Wonju with MQTT {@code version} (4 = 3.1.1, 5) and checks the CONNACK accepts it. */
  static Socket connect(int port, String device, int version, int keepAliveSeconds) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, "MQTT");
    body.write(version);
    body.write(0xC2); // user name, password, clean start
    body.write(keepAliveSeconds >> 8);
    body.write(keepAliveSeconds & 0xFF);
    if (version == 5) body.write(0); // no CONNECT properties
    writeString(body, "raw-" + device);
    writeString(body, device + "@wonju");
    writeString(body, new String(FleetCredentials.development().password("wonju", device)));
    send(socket, 0x10, body.toByteArray());
    DataInputStream in = new DataInputStream(socket.getInputStream());
    assertThat(in.readUnsignedByte()).as("CONNACK").isEqualTo(0x20);
    byte[] connack = new byte[readLength(in)];
    in.readFully(connack);
    assertThat(connack[1]).as("CONNACK reason / return code").isZero();
    return socket;
  }

  /** PUBLISH with QoS {@code qos} and packet id 1 (MQTT 5: no properties). */
  static void publish(Socket socket, int version, String topic, int qos, byte[] payload) throws IOException {
    publish(socket, version, topic, qos, payload, 1);
  }

  /** PUBLISH with QoS {@code qos} and packet id {@code packetId} (MQTT 5: no properties). */
  static void publish(Socket socket, int version, String topic, int qos, byte[] payload, int packetId) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    writeString(body, topic);
    if (qos > 0) {
      body.write(packetId >> 8);
      body.write(packetId & 0xFF);
    }
    if (version == 5) body.write(0);
    body.writeBytes(payload);
    send(socket, 0x30 | (qos << 1), body.toByteArray());
  }

  static void send(Socket socket, int firstByte, byte[] body) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(firstByte);
    int length = body.length;
    do {
      int digit = length % 128;
      length /= 128;
      frame.write(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    frame.writeBytes(body);
    socket.getOutputStream().write(frame.toByteArray());
  }

  static int readLength(DataInputStream in) throws IOException {
    int length = 0;
    int multiplier = 1;
    int digit;
    do {
      digit = in.readUnsignedByte();
      length += (digit & 0x7F) * multiplier;
      multiplier *= 128;
    } while ((digit & 0x80) != 0);
    return length;
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xFF);
    out.writeBytes(bytes);
  }
}
