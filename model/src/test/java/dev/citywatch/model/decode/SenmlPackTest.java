package dev.citywatch.model.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of RFC 8428 section 5, resolved as section 4.6 prescribes. */
class SenmlPackTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private final SenmlPack pack = new SenmlPack(DecodeLimits.DEFAULT);

  private List<SenmlRecord> resolve(String json) throws DecodeException {
    return pack.resolve(json.getBytes(StandardCharsets.UTF_8), NOW);
  }

  @Test
  void singleDataPointWithoutTimeIsTakenAsNow() throws Exception {
    List<SenmlRecord> records = resolve("[{\"n\":\"urn:dev:ow:10e2073a01080063\",\"u\":\"Cel\",\"v\":23.1}]");
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.name()).isEqualTo("urn:dev:ow:10e2073a01080063");
      assertThat(r.unit()).isEqualTo("Cel");
      assertThat(r.value()).isEqualTo(23.1);
      assertThat(r.time()).isEqualTo(NOW);
    });
  }

  @Test
  void baseNameIsPrefixedToEveryRecord() throws Exception {
    List<SenmlRecord> records = resolve("""
        [{"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
         {"n":"current","u":"A","v":1.2}]""");
    assertThat(records).extracting(SenmlRecord::name)
        .containsExactly("urn:dev:ow:10e2073a01080063:voltage", "urn:dev:ow:10e2073a01080063:current");
    assertThat(records).extracting(SenmlRecord::unit).containsExactly("V", "A");
  }

  @Test
  void multipleMeasurementsResolveBaseTimeUnitAndRelativeOffsets() throws Exception {
    List<SenmlRecord> records = resolve("""
        [{"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,"bu":"A","bver":5,"n":"voltage","u":"V","v":120.1},
         {"n":"current","t":-5,"v":1.2},{"n":"current","t":-4,"v":1.3},{"n":"current","t":-3,"v":1.4},
         {"n":"current","t":-2,"v":1.5},{"n":"current","t":-1,"v":1.6},{"n":"current","v":1.7}]""");
    // The resolved form of this example (RFC 8428 section 5.1.4).
    assertThat(records).hasSize(7);
    assertThat(records.get(0)).extracting(SenmlRecord::name, SenmlRecord::unit, SenmlRecord::value, SenmlRecord::time)
        .containsExactly("urn:dev:ow:10e2073a0108006:voltage", "V", 120.1, Instant.parse("2010-06-08T18:01:16.001Z"));
    assertThat(records.get(1)).extracting(SenmlRecord::name, SenmlRecord::unit, SenmlRecord::value, SenmlRecord::time)
        .containsExactly("urn:dev:ow:10e2073a0108006:current", "A", 1.2, Instant.parse("2010-06-08T18:01:11.001Z"));
    assertThat(records.get(6).time()).isEqualTo(Instant.parse("2010-06-08T18:01:16.001Z"));
    assertThat(records).extracting(SenmlRecord::value).containsExactly(120.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7);
  }

  @Test
  void timeSeriesWithBaseUnitAndOffsets() throws Exception {
    List<SenmlRecord> records = resolve("""
        [{"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,"bu":"%RH","v":21.2},
         {"t":10,"v":21.3},{"t":20,"v":21.4},{"t":30,"v":21.4},{"t":40,"v":21.5},{"t":50,"v":21.5},
         {"t":60,"v":21.5},{"t":70,"v":21.6},{"t":80,"v":21.7},{"t":90,"v":21.5},{"t":91,"v":21.5},{"t":92,"v":21.5}]""");
    assertThat(records).hasSize(12).allSatisfy(r -> {
      assertThat(r.name()).isEqualTo("urn:dev:ow:10e2073a01080063");
      assertThat(r.unit()).isEqualTo("%RH");
    });
    assertThat(records.get(0).time()).isEqualTo(Instant.ofEpochSecond(1_320_067_464L));
    assertThat(records.get(11).time()).isEqualTo(Instant.ofEpochSecond(1_320_067_464L + 92));
  }

  @Test
  void multipleDataTypesKeepTheirValueField() throws Exception {
    List<SenmlRecord> records = resolve("""
        [{"bn":"urn:dev:ow:10e2073a01080063:","n":"temp","u":"Cel","v":23.1},
         {"n":"label","vs":"Machine Room"},{"n":"open","vb":false},{"n":"nfc-reader","vd":"aGkgCg"}]""");
    assertThat(records.get(0).value()).isEqualTo(23.1);
    assertThat(records.get(1).stringValue()).isEqualTo("Machine Room");
    assertThat(records.get(2).booleanValue()).isFalse();
    assertThat(records.get(3).dataValue()).isEqualTo("aGkgCg");
    assertThat(records.subList(1, 4)).noneMatch(SenmlRecord::hasNumericValue);
  }

  @Test
  void aCollectionOfResourcesMayChangeTheBaseNameMidPack() throws Exception {
    List<SenmlRecord> records = resolve("""
        [{"bn":"2001:db8::2/","bt":1.320078429e+09,"n":"temperature","u":"Cel","v":25.2},
         {"n":"humidity","u":"%RH","v":30},
         {"bn":"2001:db8::1/","n":"temperature","u":"Cel","v":12.3},
         {"n":"humidity","u":"%RH","v":67}]""");
    assertThat(records).extracting(SenmlRecord::name).containsExactly(
        "2001:db8::2/temperature", "2001:db8::2/humidity", "2001:db8::1/temperature", "2001:db8::1/humidity");
    assertThat(records).extracting(SenmlRecord::time).containsOnly(Instant.ofEpochSecond(1_320_078_429L));
  }

  @Test
  void baseValueAndBaseSumAreAdded() throws Exception {
    List<SenmlRecord> records = resolve("[{\"bn\":\"x\",\"bv\":100,\"bs\":5,\"v\":1.5,\"s\":2}]");
    assertThat(records.get(0).value()).isEqualTo(101.5);
    assertThat(records.get(0).sum()).isEqualTo(7.0);
  }

  @Test
  void unknownFieldsAreIgnoredUnlessTheyMustBeUnderstood() throws Exception {
    assertThat(resolve("[{\"n\":\"x\",\"v\":1,\"foo\":2}]")).hasSize(1);
  }
}
