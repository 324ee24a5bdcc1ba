package dev.citywatch.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.decode.DecodeContext;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.decode.DecodedTelemetry;
import dev.citywatch.model.decode.TelemetryDecoder;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PayloadFactoryTest {
  private final TelemetryDecoder decoder = TelemetryDecoder.forFormat(PayloadFormat.JSON, DecodeLimits.DEFAULT);

  @ParameterizedTest
  @EnumSource(SensorKind.class)
  void loadPayloadsAreValidTelemetryOfAboutTheAskedSize(SensorKind kind) throws Exception {
    Instant now = Instant.parse("2026-11-25T09:00:00Z");
    for (int size : new int[] {200, 1_000}) {
      byte[] payload = new PayloadFactory(kind, size).payload(42, now);
      assertThat(payload.length).as(kind + " payload size").isBetween(size, size + 200);
      DecodedTelemetry decoded = decoder.decode(payload, new DecodeContext("loadtest", "dev-1", kind, now));
      assertThat(decoded.sequence()).isEqualTo(42);
      assertThat(decoded.readings()).isNotEmpty();
    }
  }
}
