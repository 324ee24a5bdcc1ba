package dev.citywatch.model.decode;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.model.SensorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.api.AbstractThrowableAssert;

/** Shared fixtures for decoder tests. */
final class Payloads {
  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private Payloads() {}

  static DecodeContext context(SensorKind kind, String deviceId) {
    return new DecodeContext("wonju", deviceId, kind, NOW);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static AbstractThrowableAssert<?, ?> rejects(TelemetryDecoder decoder, DecodeContext ctx, String payload, RejectReason reason, String field) {
    return assertThatThrownBy(() -> decoder.decode(bytes(payload), ctx))
        .isInstanceOf(DecodeException.class)
        .satisfies(e -> {
          DecodeException d = (DecodeException) e;
          org.assertj.core.api.Assertions.assertThat(d.reason()).as("reason of %s", payload).isEqualTo(reason);
          org.assertj.core.api.Assertions.assertThat(d.field()).as("field of %s", payload).isEqualTo(field);
          if (!field.isEmpty()) {
            org.assertj.core.api.Assertions.assertThat(d.getMessage()).startsWith(field + ": ");
          }
        });
  }
}
