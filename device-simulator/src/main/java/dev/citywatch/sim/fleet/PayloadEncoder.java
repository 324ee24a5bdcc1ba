package dev.citywatch.sim.fleet;

import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Reading;
import dev.citywatch.sim.world.SimMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Writes a simulated message as the device's payload format says (docs/wire-format.md): CityWatch
 * JSON, or SenML with base name, base time and (for packs of samples) base unit. Numbers are
 * written from their rounded value with a fixed number of decimals, so the same message always
 * gives the same bytes.
 */
public final class PayloadEncoder {
  private PayloadEncoder() {}

  public static byte[] encode(SimMessage m) {
    String text = m.device().format() == PayloadFormat.SENML ? senml(m) : json(m);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String json(SimMessage m) {
    StringBuilder b = new StringBuilder(128 + m.readings().size() * 64)
        .append("{\"schema\":1,\"kind\":\"").append(m.device().kind().id())
        .append("\",\"device\":\"").append(m.device().id())
        .append("\",\"seq\":").append(m.seq())
        .append(",\"time\":\"").append(m.time()).append("\",\"readings\":[");
    List<Reading> readings = m.readings();
    for (int i = 0; i < readings.size(); i++) {
      Reading r = readings.get(i);
      if (i > 0) b.append(',');
      b.append("{\"quantity\":\"").append(r.quantity().id()).append("\",\"unit\":\"").append(r.quantity().unit()).append("\",\"value\":");
      number(b, r.value());
      long offset = Duration.between(m.time(), r.time()).toMillis();
      if (offset != 0) b.append(",\"offset_ms\":").append(offset);
      b.append('}');
    }
    return b.append("]}").toString();
  }

  static String senml(SimMessage m) {
    List<Reading> readings = m.readings();
    boolean pack = readings.stream().map(Reading::quantity).distinct().count() == 1 && readings.size() > 1;
    Instant base = readings.get(0).time();
    StringBuilder b = new StringBuilder(64 + readings.size() * 24).append('[');
    for (int i = 0; i < readings.size(); i++) {
      Reading r = readings.get(i);
      if (i > 0) b.append(',');
      b.append('{');
      if (i == 0) {
        b.append("\"bn\":\"").append(m.device().id()).append(':');
        if (pack) b.append(r.quantity().id());
        b.append("\",\"bt\":");
        seconds(b, base);
        if (pack) b.append(",\"bu\":\"").append(r.quantity().unit()).append('"');
        b.append(",\"seq\":").append(m.seq()).append(',');
      }
      if (!pack) {
        b.append("\"n\":\"").append(r.quantity().id()).append("\",\"u\":\"").append(r.quantity().unit()).append("\",");
      }
      long offset = Duration.between(base, r.time()).toMillis();
      if (offset != 0) {
        b.append("\"t\":");
        millisAsSeconds(b, offset);
        b.append(',');
      }
      b.append("\"v\":");
      number(b, r.value());
      b.append('}');
    }
    return b.append(']').toString();
  }

  /** Epoch seconds with milliseconds, e.g. {@code 1795514340.25}. */
  private static void seconds(StringBuilder b, Instant t) {
    millisAsSeconds(b, t.toEpochMilli());
  }

  private static void millisAsSeconds(StringBuilder b, long millis) {
    number(b, millis / 1000.0);
  }

  /** A value already rounded to at most 6 decimals, written without exponent or trailing zeros. */
  static void number(StringBuilder b, double v) {
    long scaled = Math.round(v * 1_000_000);
    if (scaled < 0) {
      b.append('-');
      scaled = -scaled;
    }
    b.append(scaled / 1_000_000);
    long frac = scaled % 1_000_000;
    if (frac != 0) {
      int width = 6;
      for (; frac % 10 == 0; frac /= 10) width--; // no trailing zeros
      String digits = Long.toString(frac);
      b.append('.').append("00000", 0, width - digits.length()).append(digits);
    }
  }
}
