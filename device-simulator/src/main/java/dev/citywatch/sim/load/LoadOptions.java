package dev.citywatch.sim.load;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One load run, validated as a whole.
 *
 * @param target broker URI, {@code tcp://host:port}
 * @param connections simultaneous MQTT connections, one device each
 * @param rate total messages per second to offer; 0 means as fast as the window allows
 * @param window messages one connection may have waiting for their PUBACK (QoS 1)
 * @param qos 0 or 1
 * @param payloadBytes approximate payload size (payloads stay valid CityWatch JSON, so sizes vary by a few bytes)
 * @param duration how long to measure, after ramp-up and warm-up
 * @param rampUp time over which connections are opened
 * @param warmUp time after ramp-up that is sent but not measured
 * @param authenticate send each device's user name and password (false for an open broker)
 * @param mqttVersion 3 (3.1.1) or 5
 * @param connectStorm open every connection as fast as possible, publish nothing, hold them for
 *     {@code duration}: measures connects/s, failures and what idle connections cost
 */
public record LoadOptions(
    URI target, int connections, double rate, int window, int qos, int payloadBytes, Duration duration, Duration rampUp,
    Duration warmUp, boolean authenticate, int mqttVersion, ClientKind client, boolean connectStorm) {

  /** Which MQTT client library drives the connections; every report names it. */
  public enum ClientKind {
    /** Eclipse Paho (MQTT 3.1.1 or 5): threads per connection, the reference client. */
    PAHO,
    /** Vert.x event-loop MQTT client (3.1.1): for many connections with few threads. */
    VERTX
  }

  public LoadOptions {
    List<String> problems = new ArrayList<>();
    if (target == null || !"tcp".equals(target.getScheme()) || target.getPort() <= 0) {
      problems.add("target must be tcp://host:port, got " + target);
    }
    if (connections < 1) problems.add("connections must be >= 1, got " + connections);
    if (rate < 0) problems.add("rate must be >= 0 (0: as fast as possible), got " + rate);
    if (window < 1 || window > 65_535) problems.add("window must be 1-65535, got " + window);
    if (qos != 0 && qos != 1) problems.add("qos must be 0 or 1, got " + qos);
    if (payloadBytes < 100 || payloadBytes > 60_000) problems.add("payload size must be 100-60000 bytes, got " + payloadBytes);
    if (duration == null || duration.isNegative()) problems.add("duration must be >= 0");
    if (rampUp == null || rampUp.isNegative()) problems.add("ramp-up must be >= 0");
    if (warmUp == null || warmUp.isNegative()) problems.add("warm-up must be >= 0");
    if (mqttVersion != 3 && mqttVersion != 5) problems.add("MQTT version must be 3 or 5, got " + mqttVersion);
    if (client == ClientKind.VERTX && mqttVersion == 5) problems.add("the Vert.x client speaks MQTT 3.1.1 only: use --mqtt-version 3");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** As fast as the window allows, after a ramp-up: the usual throughput run. */
  public LoadOptions(URI target, int connections, double rate, int window, int qos, int payloadBytes, Duration duration, Duration rampUp,
                     Duration warmUp, boolean authenticate, int mqttVersion, ClientKind client) {
    this(target, connections, rate, window, qos, payloadBytes, duration, rampUp, warmUp, authenticate, mqttVersion, client, false);
  }

  /** The client library and protocol, as reports name them, e.g. {@code paho-mqttv5}. */
  public String clientName() {
    return client.name().toLowerCase(java.util.Locale.ROOT) + "-mqttv" + (mqttVersion == 3 ? "311" : "5");
  }
}
