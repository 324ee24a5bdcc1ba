package dev.citywatch.sim.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.citywatch.model.wire.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a load run measured. Latencies are PUBLISH to PUBACK in milliseconds (QoS 1; null for QoS
 * 0), measured from when each message was due to be sent, so a stalled broker shows as latency
 * rather than as fewer samples.
 */
@JsonPropertyOrder({"bench", "client", "target", "connections", "connected", "connect_failures", "connects_per_s", "qos",
    "payload_bytes", "offered_rate", "duration_s", "sent", "acked", "errors", "skipped", "unacked", "throughput_msg_s",
    "latency_ms", "cores", "java"})
public record LoadReport(
    @JsonProperty("bench") String bench,
    @JsonProperty("client") String client,
    @JsonProperty("target") String target,
    @JsonProperty("connections") int connections,
    @JsonProperty("connected") int connected,
    @JsonProperty("connect_failures") int connectFailures,
    @JsonProperty("connects_per_s") double connectsPerSecond,
    @JsonProperty("qos") int qos,
    @JsonProperty("payload_bytes") int payloadBytes,
    @JsonProperty("offered_rate") double offeredRate,
    @JsonProperty("duration_s") double durationSeconds,
    @JsonProperty("sent") long sent,
    @JsonProperty("acked") long acked,
    @JsonProperty("errors") long errors,
    @JsonProperty("skipped") long skipped,
    @JsonProperty("unacked") long unacked,
    @JsonProperty("throughput_msg_s") double throughput,
    @JsonProperty("latency_ms") Latency latency,
    @JsonProperty("cores") int cores,
    @JsonProperty("java") String javaVersion) {

  @JsonPropertyOrder({"p50", "p99", "p999", "max", "mean"})
  public record Latency(
      @JsonProperty("p50") double p50,
      @JsonProperty("p99") double p99,
      @JsonProperty("p999") double p999,
      @JsonProperty("max") double max,
      @JsonProperty("mean") double mean) {}

  public String json() {
    return new String(WireJson.write(this), StandardCharsets.UTF_8);
  }

  /** A few lines for people. */
  public String summary() {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%s -> %s: %d/%d connected (%.0f connects/s, %d failed)%n", client, target, connected,
        connections, connectsPerSecond, connectFailures));
    s.append(String.format(Locale.ROOT, "QoS %d, %d-byte payloads, %.0f s: %,d sent, %,d acked, %,d errors, %,d unacked -> %,.0f msg/s%n",
        qos, payloadBytes, durationSeconds, sent, acked, errors, unacked, throughput));
    if (latency != null) {
      s.append(String.format(Locale.ROOT, "PUBACK latency ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
          latency.p50, latency.p99, latency.p999, latency.max));
    }
    return s.toString();
  }
}
