package dev.citywatch.launcher.drill;

import dev.citywatch.model.SensorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One device of a drill, as field firmware behaves: readings numbered 0, 1, 2, … at a fixed
 * period (reading {@code n} is timed {@code start + n × period}, so a resend is the same reading),
 * QoS 1, a persistent session so Paho resends what was in flight when a connection broke, a
 * failover list of gateways, and a queue of its own for readings it could not hand over yet.
 * Which readings were PUBACKed is recorded, one bit per number.
 */
final class DrillDevice {
  /** Readings handed to Paho per second at most, so a backlog drains below the gateway's rate limit (20/s). */
  private static final double MAX_SEND_RATE = 16;

  private final String tenant;
  private final String id;
  private final SensorKind kind;
  private final Instant start;
  private final Duration period;
  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Deque<Long> queue = new ArrayDeque<>();
  private final BitSet sent = new BitSet();
  private final BitSet acked = new BitSet();
  private final BitSet alarms = new BitSet();
  private long generated;
  private boolean stopped;
  private boolean alarmNext;
  private double sendTokens = MAX_SEND_RATE;

  DrillDevice(String tenant, String id, SensorKind kind, char[] password, String[] gateways, Instant start, Duration period)
      throws MqttException {
    this.tenant = tenant;
    this.id = id;
    this.kind = kind;
    this.start = start;
    this.period = period;
    this.client = new MqttAsyncClient(gateways[0], "drill-" + id, new MemoryPersistence());
    this.options = new MqttConnectOptions();
    options.setServerURIs(gateways);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setUserName(id + "@" + tenant);
    options.setPassword(password);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(2_000);
    options.setKeepAliveInterval(10);
    options.setConnectionTimeout(5);
    options.setMaxInflight(50);
  }

  void connect() throws MqttException {
    client.connect(options).waitForCompletion(30_000);
  }

  /** Queues the readings due by {@code now} and hands queued ones to Paho while it has room. */
  synchronized void tick(Instant now, double seconds) {
    long due = stopped ? generated : Duration.between(start, now).toNanos() / period.toNanos() + 1;
    for (; generated < due; generated++) {
      if (alarmNext) {
        alarms.set((int) generated);
        alarmNext = false;
      }
      queue.add(generated);
    }
    sendTokens = Math.min(MAX_SEND_RATE, sendTokens + seconds * MAX_SEND_RATE);
    while (!queue.isEmpty() && sendTokens >= 1 && client.isConnected()) {
      long seq = queue.peek();
      try {
        MqttMessage message = new MqttMessage(payload(seq));
        message.setQos(1);
        client.publish(topic(), message, null, new Acked(seq));
      } catch (MqttException e) {
        return; // in-flight window full or connection just lost: the reading stays queued
      }
      queue.poll();
      sent.set((int) seq);
      sendTokens--;
    }
  }

  /** The next reading generated is a fire alarm. */
  synchronized void raiseAlarm() {
    alarmNext = true;
  }

  /** Stops generating readings; queued ones are still sent. */
  synchronized void stopAt(Instant end) {
    tick(end, 0);
    stopped = true;
  }

  synchronized boolean drained() {
    return queue.isEmpty() && acked.cardinality() == sent.cardinality();
  }

  private final class Acked implements IMqttActionListener {
    private final long seq;

    Acked(long seq) {
      this.seq = seq;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      synchronized (DrillDevice.this) {
        acked.set((int) seq);
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      // With a persistent session Paho keeps the message and resends it; a failure here is final.
      synchronized (DrillDevice.this) {
        sent.clear((int) seq);
        queue.addFirst(seq);
      }
    }
  }

  private String topic() {
    return "citywatch/" + tenant + "/" + id + "/telemetry";
  }

  Instant timeOf(long seq) {
    return start.plus(period.multipliedBy(seq));
  }

  private byte[] payload(long seq) {
    String readings = switch (kind) {
      case FIRE -> alarms.get((int) seq)
          ? reading("temperature", "Cel", 85.0) + "," + reading("smoke", "%", 25.0)
          : reading("temperature", "Cel", 20.0 + (seq % 7) * 0.1) + "," + reading("smoke", "%", (seq % 3) * 0.1);
      case AIR_QUALITY -> reading("pm10", "ug/m3", 20.0 + seq % 13) + "," + reading("pm25", "ug/m3", 8.0 + seq % 5);
      default -> throw new IllegalStateException("drills use fire and air-quality sensors, not " + kind);
    };
    return ("{\"schema\":1,\"kind\":\"" + kind.id() + "\",\"seq\":" + seq + ",\"time\":\"" + timeOf(seq) + "\",\"readings\":["
        + readings + "]}").getBytes(StandardCharsets.UTF_8);
  }

  private static String reading(String quantity, String unit, double value) {
    return "{\"quantity\":\"" + quantity + "\",\"unit\":\"" + unit + "\",\"value\":" + value + "}";
  }

  String id() {
    return id;
  }

  SensorKind kind() {
    return kind;
  }

  synchronized BitSet sent() {
    return (BitSet) sent.clone();
  }

  synchronized BitSet acked() {
    return (BitSet) acked.clone();
  }

  synchronized BitSet alarms() {
    return (BitSet) alarms.clone();
  }

  /** Readings generated so far (numbers 0 … n-1). */
  synchronized long generated() {
    return generated;
  }

  void close() {
    try {
      client.disconnect().waitForCompletion(5_000);
    } catch (MqttException e) {
      // already gone
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // nothing left to release
    }
  }
}
