package dev.citywatch.model.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.citywatch.model.DeviceStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusDecoderTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  private final StatusDecoder decoder = new StatusDecoder();

  private DeviceStatus decode(String json) throws DecodeException {
    return decoder.decode(json.getBytes(StandardCharsets.UTF_8), "wonju", "wonju-rv-011", "gw-1", NOW);
  }

  private static RejectReason refusal(ThrowingDecode decode) {
    try {
      decode.run();
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("accepted");
  }

  private interface ThrowingDecode {
    void run() throws DecodeException;
  }

  @Test
  void aStatusMessageBecomesTheDevicesOwnStatus() throws DecodeException {
    DeviceStatus s = decode("{\"state\":\"fault\",\"reason\":\"float stuck\"}");
    assertThat(s.state()).isEqualTo(DeviceStatus.State.FAULT);
    assertThat(s.reason()).isEqualTo("float stuck");
    assertThat(s.source()).isEqualTo(DeviceStatus.Source.DEVICE);
    assertThat(s.gatewayId()).isEqualTo("gw-1");
    assertThat(s.time()).isEqualTo(NOW);
    assertThat(decode("{\"state\":\"online\"}").reason()).isEmpty();
  }

  @Test
  void refusesWhatTheTelemetryDecodersRefuse() {
    assertThat(refusal(() -> decode(""))).isEqualTo(RejectReason.PAYLOAD_EMPTY);
    assertThat(refusal(() -> decode("{\"state\":\"online\""))).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(refusal(() -> decode("{\"state\":\"online\"} {}"))).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(refusal(() -> decode("{\"state\":\"online\",\"state\":\"fault\"}"))).isEqualTo(RejectReason.DUPLICATE_KEY);
    assertThat(refusal(() -> decode("{\"state\":\"online\",\"battery\":3.1}"))).isEqualTo(RejectReason.UNKNOWN_FIELD);
    assertThat(refusal(() -> decode("[\"online\"]"))).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(refusal(() -> decode("{\"reason\":\"x\"}"))).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(refusal(() -> decode("{\"state\":\"asleep\"}"))).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(refusal(() -> decode("{\"state\":\"online\",\"reason\":42}"))).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(refusal(() -> decode("{\"state\":\"online\",\"reason\":\"" + "x".repeat(StatusDecoder.MAX_BYTES) + "\"}")))
        .isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
  }

  @Test
  void aRefusalNamesTheField() {
    assertThatThrownBy(() -> decode("{\"state\":\"asleep\"}")).isInstanceOf(DecodeException.class)
        .hasMessageContaining("must be online, offline or fault, got 'asleep'")
        .satisfies(e -> assertThat(((DecodeException) e).field()).isEqualTo("state"));
  }
}
