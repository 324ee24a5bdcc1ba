package dev.citywatch.sim.load;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.SensorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * Valid CityWatch JSON telemetry of about a given size for a device's kind: readings are repeated
 * at later {@code offset_ms} until the payload is large enough, so the gateway does its full work
 * (decode, validate, Kafka) on every load message, and a plain broker gets the same bytes.
 */
final class PayloadFactory {
  private final SensorKind kind;
  private final int targetBytes;

  PayloadFactory(SensorKind kind, int targetBytes) {
    this.kind = kind;
    this.targetBytes = targetBytes;
  }

  byte[] payload(long seq, Instant time) {
    StringBuilder json = new StringBuilder(targetBytes + 64)
        .append("{\"schema\":1,\"kind\":\"").append(kind.id()).append("\",\"seq\":").append(seq)
        .append(",\"time\":").append(time.toEpochMilli()).append(",\"readings\":[");
    int offset = 0;
    do {
      for (Quantity q : kind.quantities()) {
        if (json.charAt(json.length() - 1) != '[') json.append(',');
        json.append("{\"quantity\":\"").append(q.id()).append("\",\"unit\":\"").append(q.unit())
            .append("\",\"value\":").append(String.format(Locale.ROOT, "%.1f", value(q, seq + offset)))
            .append(",\"offset_ms\":").append(offset).append('}');
      }
      offset += 10;
    } while (json.length() + 2 < targetBytes);
    return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A plausible, always valid value that changes from message to message. */
  private static double value(Quantity q, long n) {
    double span = Math.min(q.max(), 200) - Math.max(q.min(), 0);
    return Math.max(q.min(), 0) + (n % 97) / 97.0 * span * 0.5;
  }
}
