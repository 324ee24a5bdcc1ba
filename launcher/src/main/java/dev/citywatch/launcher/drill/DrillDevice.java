package dev.citywatch.launcher.drill;

import dev.citywatch.model.SensorKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
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
 * Which readings were PUBACKed is recorded, one bit per number, and how often it connected.
 */
final class DrillDevice {
  /**
   * How the device's firmware drives its MQTT client.
   *
   * @param maxSendRate readings handed to Paho per second at most (infinite: all at once)
   * @param maxInflight Paho's in-flight window: QoS 1 readings on the wire without their PUBACK yet
   * @param keepAliveSeconds MQTT keep-alive, which is also how soon Paho notices a dead gateway
   * @param connectTimeoutSeconds how long Paho waits for CONNACK
   */
  record Behaviour(double maxSendRate, int maxInflight, int keepAliveSeconds, int connectTimeoutSeconds) {
    /** Careful firmware: below the gateway's rate limit (20/s), quick to notice a dead gateway and fail over. */
    static final Behaviour CAREFUL = new Behaviour(16, 50, 10, 5);

    /** A stock client with Paho's defaults: what it queued goes on the wire at once, {@code inflight} unanswered. */
    static Behaviour stock(int inflight) {
      return new Behaviour(Double.POSITIVE_INFINITY, inflight, 60, 30);
    }
  }

  private final String tenant;
  private final String id;
  private final SensorKind kind;
  private Instant start;
  private final Duration period;
  private final String[] gateways;
  private MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Deque<Long> queue = new ArrayDeque<>();
  private final BitSet sent = new BitSet();
  private final BitSet acked = new BitSet();
  private final BitSet alarms = new BitSet();
  private long generated;
  private boolean stopped;
  private boolean alarmNext;
  private final double maxSendRate;
  private double sendTokens;
  private int connects;
  private long disconnectedSince = -1;
  private final java.util.Map<String, Integer> lost = new java.util.TreeMap<>();
  private int restarts;

  DrillDevice(String tenant, String id, SensorKind kind, char[] password, String[] gateways, Duration period, Behaviour behaviour)
      throws MqttException {
    this.tenant = tenant;
    this.id = id;
    this.kind = kind;
    this.period = period;
    this.gateways = gateways.clone();
    this.maxSendRate = behaviour.maxSendRate();
    this.sendTokens = Math.min(maxSendRate, behaviour.maxInflight());
    this.options = new MqttConnectOptions();
    options.setServerURIs(gateways);
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(false);
    options.setUserName(id + "@" + tenant);
    options.setPassword(password);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(2_000);
    options.setKeepAliveInterval(behaviour.keepAliveSeconds());
    options.setConnectionTimeout(behaviour.connectTimeoutSeconds());
    options.setMaxInflight(behaviour.maxInflight());
    this.client = newClient();
  }

  private MqttAsyncClient newClient() throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(gateways[0], "drill-" + id, new MemoryPersistence());
    c.setCallback(new MqttCallbackExtended() {
      @Override
      public void connectComplete(boolean reconnect, String serverURI) {
        synchronized (DrillDevice.this) {
          connects++;
        }
      }

      @Override
      public void connectionLost(Throwable cause) {
        String why = cause instanceof MqttException e ? e.getReasonCode() + " " + e.getMessage() : String.valueOf(cause);
        synchronized (DrillDevice.this) {
          lost.merge(why, 1, Integer::sum);
        }
      }

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    return c;
  }

  /**
   * A device's watchdog, as field firmware has one: a client that has not been connected for
   * {@code limit} although it keeps trying is thrown away and a new one connects, and what the old
   * one had in flight is sent again (a copy, if Kafka had it). Paho 1.2.5 can hang for good in a
   * connect whose socket the server closed at once (eclipse-paho/paho.mqtt.java#953): one device of
   * a thousand did after the backlog drill's outage. Returns whether the client was replaced.
   */
  synchronized boolean watchdog(long nowNanos, Duration limit) throws MqttException {
    if (client.isConnected()) {
      disconnectedSince = -1;
      return false;
    }
    if (disconnectedSince < 0) {
      disconnectedSince = nowNanos;
      return false;
    }
    if (nowNanos - disconnectedSince < limit.toNanos()) return false;
    MqttAsyncClient stuck = client;
    try {
      stuck.close(true);
    } catch (MqttException | RuntimeException e) {
      // it is being thrown away anyway
    }
    BitSet unanswered = (BitSet) sent.clone();
    unanswered.andNot(acked);
    List<Long> again = unanswered.stream().mapToObj(n -> (long) n).toList();
    for (int i = again.size() - 1; i >= 0; i--) { // first in the queue, in order
      sent.clear(again.get(i).intValue());
      queue.addFirst(again.get(i));
    }
    client = newClient();
    client.connect(options);
    restarts++;
    disconnectedSince = nowNanos;
    return true;
  }

  /** Why the client lost its connections so far (Paho's reason code and message), and how often. */
  synchronized java.util.Map<String, Integer> connectionsLost() {
    return new java.util.TreeMap<>(lost);
  }

  /** Clients the watchdog replaced. */
  synchronized int restarts() {
    return restarts;
  }

  /** Starts connecting; the token completes once the gateway accepted the device. */
  IMqttToken connect() throws MqttException {
    return client.connect(options);
  }

  /** Reading 0 is timed {@code start}; the device generates from then on. */
  synchronized void begin(Instant start) {
    this.start = start;
  }

  /** Queues the readings due by {@code now} and hands queued ones to Paho while it has room. */
  synchronized void tick(Instant now, double seconds) {
    if (start == null) return;
    long due = stopped ? generated : Duration.between(start, now).toNanos() / period.toNanos() + 1;
    for (; generated < due; generated++) {
      if (alarmNext) {
        alarms.set((int) generated);
        alarmNext = false;
      }
      queue.add(generated);
    }
    if (seconds > 0) sendTokens = Math.min(maxSendRate, sendTokens + seconds * maxSendRate); // 0 × ∞ would be NaN
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
    if (start == null) begin(end);
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

    /**
     * Not final: with a persistent session Paho keeps the message, reports a failure to every
     * listener at each failed reconnect attempt, resends it once connected and then reports its
     * success. Queueing it again here sent copies, one per attempt (a drill's devices flooded the
     * gateway with them during a 60 s outage).
     */
    @Override
    public void onFailure(IMqttToken token, Throwable e) {}
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

  /** Connections made so far (the first included): more than one per outage is a reconnect loop. */
  synchronized int connects() {
    return connects;
  }

  /** Readings generated but not yet handed to Paho. */
  synchronized int queued() {
    return queue.size();
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
