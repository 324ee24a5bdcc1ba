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
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SenmlDecoderTest {
  private static final long T = NOW.getEpochSecond() - 60;
  private static final String VALID = "[{\"bn\":\"wonju-rg-001:\",\"bt\":" + T + ",\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1.5}]";

  private final TelemetryDecoder decoder = new SenmlDecoder(DecodeLimits.DEFAULT);
  private final DecodeContext rain = context(SensorKind.RAIN_GAUGE, "wonju-rg-001");

  @Test
  void decodesARainGaugeRecordAndTakesTheSequenceFromItsTime() throws Exception {
    DecodedTelemetry t = decoder.decode(bytes(VALID), rain);
    assertThat(t.readings()).containsExactly(new Reading(Quantity.RAINFALL, 1.5, NOW.minusSeconds(60)));
    assertThat(t.sequence()).isEqualTo(NOW.minusSeconds(60).toEpochMilli());
  }

  @Test
  void readsTheSequenceExtensionOfTheFirstRecord() throws Exception {
    String json = "[{\"seq\":42,\"n\":\"rainfall\",\"u\":\"mm\",\"v\":0,\"t\":-1}]";
    DecodedTelemetry t = decoder.decode(bytes(json), rain);
    assertThat(t.sequence()).isEqualTo(42);
    assertThat(t.readings().get(0).time()).isEqualTo(NOW.minusSeconds(1));
  }

  @Test
  void decodesASeismicPackOfOneSecondAt100Hz() throws Exception {
    StringBuilder pack = new StringBuilder("[{\"bn\":\"wonju-sz-001:acceleration\",\"bt\":" + T + ",\"bu\":\"m/s2\",\"seq\":9,\"v\":0.001}");
    for (int i = 1; i < 100; i++) {
      pack.append(String.format(Locale.ROOT, ",{\"t\":%.2f,\"v\":%.4f}", i / 100.0, Math.sin(i) * 0.01));
    }
    pack.append(']');
    DecodedTelemetry t = decoder.decode(bytes(pack.toString()), context(SensorKind.SEISMIC, "wonju-sz-001"));
    assertThat(t.sequence()).isEqualTo(9);
    assertThat(t.readings()).hasSize(100).allMatch(r -> r.quantity() == Quantity.ACCELERATION);
    assertThat(t.readings().get(99).time()).isEqualTo(NOW.minusSeconds(60).plusMillis(990));
  }

  static Stream<Arguments> malformed() {
    String one = "[{\"n\":\"rainfall\",\"u\":\"mm\",\"t\":-1,%s}]";
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",").append("{\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1,\"t\":").append(-i).append('}');
    }
    many.append(']');
    return Stream.of(
        arguments("empty payload", "", RejectReason.PAYLOAD_EMPTY, ""),
        arguments("truncated JSON", "[{\"n\":", RejectReason.MALFORMED_JSON, ""),
        arguments("object instead of pack", "{\"n\":\"rainfall\",\"v\":1}", RejectReason.WRONG_TYPE, ""),
        arguments("empty pack", "[]", RejectReason.NO_READINGS, ""),
        arguments("record not an object", "[1]", RejectReason.WRONG_TYPE, "[0]"),
        arguments("too many records", many.toString(), RejectReason.TOO_MANY_READINGS, ""),
        arguments("over 64 KiB", "[{\"n\":\"" + "r".repeat(70_000) + "\"}]", RejectReason.PAYLOAD_TOO_LARGE, ""),
        arguments("nested too deep", "[{\"n\":\"rainfall\",\"x\":[[[[[[[[1]]]]]]]]}]", RejectReason.NESTING_TOO_DEEP, ""),
        arguments("duplicate key", "[{\"n\":\"rainfall\",\"n\":\"rainfall\",\"v\":1}]", RejectReason.DUPLICATE_KEY, ""),
        arguments("no name", "[{\"u\":\"mm\",\"v\":1}]", RejectReason.SENML_INVALID_NAME, "[0].n"),
        arguments("space in name", "[{\"n\":\"rain fall\",\"u\":\"mm\",\"v\":1}]", RejectReason.SENML_INVALID_NAME, "[0].n"),
        arguments("name starting with a dash", "[{\"n\":\"-rainfall\",\"u\":\"mm\",\"v\":1}]", RejectReason.SENML_INVALID_NAME, "[0].n"),
        arguments("two values", one.formatted("\"v\":1,\"vs\":\"a\""), RejectReason.SENML_MULTIPLE_VALUES, "[0]"),
        arguments("no value", "[{\"n\":\"rainfall\",\"u\":\"mm\"}]", RejectReason.SENML_MISSING_VALUE, "[0]"),
        arguments("only a sum", one.formatted("\"s\":3"), RejectReason.SENML_MISSING_VALUE, "[0].v"),
        arguments("string value", one.formatted("\"vs\":\"wet\""), RejectReason.SENML_NON_NUMERIC_VALUE, "[0].v"),
        arguments("boolean value", one.formatted("\"vb\":true"), RejectReason.SENML_NON_NUMERIC_VALUE, "[0].v"),
        arguments("newer SenML version", "[{\"bver\":11,\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1}]", RejectReason.SENML_UNSUPPORTED_VERSION, "[0].bver"),
        arguments("must-understand field", one.formatted("\"v\":1,\"foo_\":1"), RejectReason.SENML_MUST_UNDERSTAND_FIELD, "[0].foo_"),
        arguments("value as string", one.formatted("\"v\":\"1\""), RejectReason.WRONG_TYPE, "[0].v"),
        arguments("base time as string", "[{\"bt\":\"now\",\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1}]", RejectReason.WRONG_TYPE, "[0].bt"),
        arguments("boolean as string", one.formatted("\"vb\":\"yes\""), RejectReason.WRONG_TYPE, "[0].vb"),
        arguments("bver not an integer", "[{\"bver\":1.5,\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1}]", RejectReason.WRONG_TYPE, "[0].bver"),
        arguments("unit missing", "[{\"n\":\"rainfall\",\"v\":1}]", RejectReason.MISSING_UNIT, "[0].u"),
        arguments("unit in inches", "[{\"n\":\"rainfall\",\"u\":\"in\",\"v\":1}]", RejectReason.UNIT_MISMATCH, "[0].u"),
        arguments("negative rain", one.formatted("\"v\":-1"), RejectReason.VALUE_OUT_OF_RANGE, "[0].v"),
        arguments("NaN", one.formatted("\"v\":NaN"), RejectReason.NON_FINITE_VALUE, "[0].v"),
        arguments("quantity of another kind", "[{\"n\":\"level\",\"u\":\"m\",\"v\":1}]", RejectReason.QUANTITY_NOT_FOR_KIND, "[0].n"),
        arguments("unknown quantity", "[{\"n\":\"wind\",\"u\":\"m/s\",\"v\":1}]", RejectReason.UNKNOWN_QUANTITY, "[0].n"),
        arguments("another device's name", "[{\"n\":\"wonju-rg-002:rainfall\",\"u\":\"mm\",\"v\":1}]", RejectReason.DEVICE_MISMATCH, "[0].n"),
        arguments("ten minutes ahead", "[{\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1,\"t\":600}]", RejectReason.TIME_IN_FUTURE, "[0].t"),
        arguments("year 3001", "[{\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1,\"t\":32535216000}]", RejectReason.INVALID_TIME, "[0].t"),
        arguments("before 2000", "[{\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1,\"t\":946000000}]", RejectReason.INVALID_TIME, "[0].t"),
        arguments("negative sequence", "[{\"seq\":-3,\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1}]", RejectReason.INVALID_SEQUENCE, "[0].seq"),
        arguments("sequence as string", "[{\"seq\":\"x\",\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1}]", RejectReason.WRONG_TYPE, "[0].seq"),
        arguments("same reading twice", "[{\"n\":\"rainfall\",\"u\":\"mm\",\"v\":1,\"t\":-1},{\"n\":\"rainfall\",\"u\":\"mm\",\"v\":2,\"t\":-1}]",
            RejectReason.DUPLICATE_READING, "[1]"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformed")
  void rejectsMalformedPackWithItsReasonAndField(String name, String payload, RejectReason reason, String field) {
    rejects(decoder, rain, payload, reason, field);
  }
}
