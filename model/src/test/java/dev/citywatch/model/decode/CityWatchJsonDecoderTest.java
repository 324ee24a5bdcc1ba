package dev.citywatch.model.decode;

import static dev.citywatch.model.decode.Payloads.NOW;
import static dev.citywatch.model.decode.Payloads.bytes;
import static dev.citywatch.model.decode.Payloads.context;
import static dev.citywatch.model.decode.Payloads.rejects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CityWatchJsonDecoderTest {
  private static final String READINGS =
      "[{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":43.5},{\"quantity\":\"volume\",\"unit\":\"count\",\"value\":12},"
          + "{\"quantity\":\"occupancy\",\"unit\":\"%\",\"value\":18.2}]";
  private static final String VALID =
      "{\"schema\":1,\"kind\":\"traffic_loop\",\"seq\":7,\"time\":\"2026-11-24T09:59:00Z\",\"readings\":" + READINGS + "}";

  private final TelemetryDecoder decoder = new CityWatchJsonDecoder(DecodeLimits.DEFAULT);
  private final DecodeContext loop = context(SensorKind.TRAFFIC_LOOP, "wonju-tl-001");

  @Test
  void decodesATrafficMessageWithAllItsQuantities() throws Exception {
    DecodedTelemetry t = decoder.decode(bytes(VALID), loop);
    Instant time = Instant.parse("2026-11-24T09:59:00Z");
    assertThat(t.sequence()).isEqualTo(7);
    assertThat(t.readings()).containsExactly(
        new Reading(Quantity.SPEED, 43.5, time), new Reading(Quantity.VOLUME, 12, time), new Reading(Quantity.OCCUPANCY, 18.2, time));
  }

  @Test
  void acceptsEpochMillisecondsAnOffsetTimeZoneAndPerReadingOffsets() throws Exception {
    String json = "{\"schema\":1,\"kind\":\"seismic\",\"device\":\"wonju-sz-001\",\"seq\":1,\"time\":1795514340000,\"readings\":["
        + "{\"quantity\":\"acceleration\",\"unit\":\"m/s2\",\"value\":0.01},"
        + "{\"quantity\":\"acceleration\",\"unit\":\"m/s2\",\"value\":-0.02,\"offset_ms\":10}]}";
    DecodedTelemetry t = decoder.decode(bytes(json), context(SensorKind.SEISMIC, "wonju-sz-001"));
    assertThat(t.readings()).extracting(Reading::time)
        .containsExactly(Instant.ofEpochMilli(1795514340000L), Instant.ofEpochMilli(1795514340010L));

    String kst = VALID.replace("2026-11-24T09:59:00Z", "2026-11-24T18:59:00+09:00");
    assertThat(decoder.decode(bytes(kst), loop).readings().get(0).time()).isEqualTo(Instant.parse("2026-11-24T09:59:00Z"));
  }

  @Test
  void acceptsATimeJustInsideTheFutureSkew() throws Exception {
    String json = VALID.replace("2026-11-24T09:59:00Z", NOW.plusSeconds(299).toString());
    assertThat(decoder.decode(bytes(json), loop).readings()).hasSize(3);
  }

  static Stream<Arguments> malformed() {
    String oneSpeed = "{\"schema\":1,\"kind\":\"traffic_loop\",\"seq\":7,\"time\":\"2026-11-24T09:59:00Z\",\"readings\":[%s]}";
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",").append("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":1,\"offset_ms\":").append(-i).append('}');
    }
    return Stream.of(
        arguments("empty payload", "", RejectReason.PAYLOAD_EMPTY, ""),
        arguments("blank payload", "  \n ", RejectReason.PAYLOAD_EMPTY, ""),
        arguments("truncated JSON", "{\"schema\":1,", RejectReason.MALFORMED_JSON, ""),
        arguments("trailing garbage", VALID + " x", RejectReason.MALFORMED_JSON, ""),
        arguments("array instead of object", "[1,2]", RejectReason.WRONG_TYPE, ""),
        arguments("over 64 KiB", "{\"schema\":1,\"pad\":\"" + "x".repeat(70_000) + "\"}", RejectReason.PAYLOAD_TOO_LARGE, ""),
        arguments("nested too deep", "{\"schema\":1,\"x\":[[[[[[[[[[1]]]]]]]]]]}", RejectReason.NESTING_TOO_DEEP, ""),
        arguments("duplicate key", "{\"schema\":1,\"schema\":1}", RejectReason.DUPLICATE_KEY, ""),
        arguments("schema missing", VALID.replace("\"schema\":1,", ""), RejectReason.MISSING_FIELD, "schema"),
        arguments("schema from the future", VALID.replace("\"schema\":1", "\"schema\":2"), RejectReason.UNSUPPORTED_SCHEMA_VERSION, "schema"),
        arguments("schema as string", VALID.replace("\"schema\":1", "\"schema\":\"1\""), RejectReason.WRONG_TYPE, "schema"),
        arguments("unknown field", VALID.replace("\"seq\":7", "\"seq\":7,\"colour\":\"red\""), RejectReason.UNKNOWN_FIELD, "colour"),
        arguments("unknown kind", VALID.replace("traffic_loop", "toaster"), RejectReason.UNKNOWN_SENSOR_KIND, "kind"),
        arguments("kind of another device", VALID.replace("traffic_loop", "rain_gauge"), RejectReason.KIND_MISMATCH, "kind"),
        arguments("device of another id", VALID.replace("\"seq\":7", "\"device\":\"wonju-tl-999\",\"seq\":7"), RejectReason.DEVICE_MISMATCH, "device"),
        arguments("sequence missing", VALID.replace("\"seq\":7,", ""), RejectReason.MISSING_FIELD, "seq"),
        arguments("negative sequence", VALID.replace("\"seq\":7", "\"seq\":-1"), RejectReason.INVALID_SEQUENCE, "seq"),
        arguments("fractional sequence", VALID.replace("\"seq\":7", "\"seq\":1.5"), RejectReason.INVALID_SEQUENCE, "seq"),
        arguments("sequence beyond 2^53", VALID.replace("\"seq\":7", "\"seq\":9007199254740993"), RejectReason.INVALID_SEQUENCE, "seq"),
        arguments("sequence as string", VALID.replace("\"seq\":7", "\"seq\":\"7\""), RejectReason.WRONG_TYPE, "seq"),
        arguments("time not a date", VALID.replace("2026-11-24T09:59:00Z", "yesterday"), RejectReason.INVALID_TIME, "time"),
        arguments("time without offset", VALID.replace("2026-11-24T09:59:00Z", "2026-11-24T09:59:00"), RejectReason.INVALID_TIME, "time"),
        arguments("time before 2000", VALID.replace("2026-11-24T09:59:00Z", "1999-12-31T23:59:59Z"), RejectReason.INVALID_TIME, "time"),
        arguments("time 6 minutes ahead", VALID.replace("2026-11-24T09:59:00Z", "2026-11-24T10:06:00Z"), RejectReason.TIME_IN_FUTURE, "time"),
        arguments("time as boolean", VALID.replace("\"2026-11-24T09:59:00Z\"", "true"), RejectReason.WRONG_TYPE, "time"),
        arguments("no readings", oneSpeed.formatted(""), RejectReason.NO_READINGS, "readings"),
        arguments("readings not a list", VALID.replace(READINGS, "{}"), RejectReason.WRONG_TYPE, "readings"),
        arguments("too many readings", oneSpeed.formatted(many), RejectReason.TOO_MANY_READINGS, "readings"),
        arguments("reading not an object", oneSpeed.formatted("5"), RejectReason.WRONG_TYPE, "readings[0]"),
        arguments("reading with unknown field", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":1,\"lane\":2}"),
            RejectReason.UNKNOWN_FIELD, "readings[0].lane"),
        arguments("unknown quantity", oneSpeed.formatted("{\"quantity\":\"warp\",\"unit\":\"km/h\",\"value\":1}"),
            RejectReason.UNKNOWN_QUANTITY, "readings[0].quantity"),
        arguments("quantity of another kind", oneSpeed.formatted("{\"quantity\":\"rainfall\",\"unit\":\"mm\",\"value\":1}"),
            RejectReason.QUANTITY_NOT_FOR_KIND, "readings[0].quantity"),
        arguments("unit missing", oneSpeed.formatted("{\"quantity\":\"speed\",\"value\":1}"), RejectReason.MISSING_UNIT, "readings[0].unit"),
        arguments("wrong unit", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"m/s\",\"value\":1}"),
            RejectReason.UNIT_MISMATCH, "readings[0].unit"),
        arguments("NaN value", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":NaN}"),
            RejectReason.NON_FINITE_VALUE, "readings[0].value"),
        arguments("infinite value", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":1e400}"),
            RejectReason.NON_FINITE_VALUE, "readings[0].value"),
        arguments("negative speed", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":-5}"),
            RejectReason.VALUE_OUT_OF_RANGE, "readings[0].value"),
        arguments("value as string", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":\"fast\"}"),
            RejectReason.WRONG_TYPE, "readings[0].value"),
        arguments("value missing", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\"}"), RejectReason.MISSING_FIELD, "readings[0].value"),
        arguments("same quantity twice at one time",
            oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":1},{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":2}"),
            RejectReason.DUPLICATE_READING, "readings[1]"),
        arguments("fractional offset", oneSpeed.formatted("{\"quantity\":\"speed\",\"unit\":\"km/h\",\"value\":1,\"offset_ms\":1.5}"),
            RejectReason.WRONG_TYPE, "readings[0].offset_ms"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformed")
  void rejectsMalformedPayloadWithItsReasonAndField(String name, String payload, RejectReason reason, String field) {
    rejects(decoder, loop, payload, reason, field);
  }

  @Test
  void rejectsPhysicallyImpossibleValuesOfOtherKinds() {
    String pm = "{\"schema\":1,\"kind\":\"air_quality\",\"seq\":1,\"time\":\"2026-11-24T09:59:00Z\",\"readings\":"
        + "[{\"quantity\":\"pm10\",\"unit\":\"ug/m3\",\"value\":10001}]}";
    rejects(decoder, context(SensorKind.AIR_QUALITY, "wonju-aq-001"), pm, RejectReason.VALUE_OUT_OF_RANGE, "readings[0].value");
    String rain = "{\"schema\":1,\"kind\":\"rain_gauge\",\"seq\":1,\"time\":\"2026-11-24T09:59:00Z\",\"readings\":"
        + "[{\"quantity\":\"rainfall\",\"unit\":\"mm\",\"value\":-0.5}]}";
    rejects(decoder, context(SensorKind.RAIN_GAUGE, "wonju-rg-001"), rain, RejectReason.VALUE_OUT_OF_RANGE, "readings[0].value")
        .hasMessageContaining("rainfall -0.5 mm");
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] payload = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder.decode(payload, loop))
        .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_JSON));
  }
}
