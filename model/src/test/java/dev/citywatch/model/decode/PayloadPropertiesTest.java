package dev.citywatch.model.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of the payload decoders over generated payloads (jqwik): every valid message decodes
 * to exactly what was sent, every value outside its quantity's range and every cut-short or
 * corrupted message is refused with a {@link DecodeException} naming the reason.
 */
class PayloadPropertiesTest {
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final TelemetryDecoder JSON = new CityWatchJsonDecoder(DecodeLimits.DEFAULT);
  private static final TelemetryDecoder SENML = new SenmlDecoder(DecodeLimits.DEFAULT);

  /** One message: a kind, one value per quantity of the kind (each in range), a sequence number and a time in the past day. */
  record Message(SensorKind kind, double[] values, long seq, Instant time) {
    String json() {
      StringBuilder readings = new StringBuilder();
      List<Quantity> qs = kind.quantities();
      for (int i = 0; i < qs.size(); i++) {
        if (i > 0) readings.append(',');
        readings.append("{\"quantity\":\"").append(qs.get(i).id()).append("\",\"unit\":\"").append(qs.get(i).unit())
            .append("\",\"value\":").append(values[i]).append('}');
      }
      return "{\"schema\":1,\"kind\":\"" + kind.id() + "\",\"seq\":" + seq + ",\"time\":\"" + time + "\",\"readings\":[" + readings + "]}";
    }

    String senml() {
      StringBuilder records = new StringBuilder("[");
      List<Quantity> qs = kind.quantities();
      for (int i = 0; i < qs.size(); i++) {
        if (i > 0) records.append(',');
        records.append('{');
        if (i == 0) records.append("\"bn\":\"wonju-dev-001:\",\"bt\":").append(time.toEpochMilli() / 1000.0).append(',');
        records.append("\"n\":\"").append(qs.get(i).id()).append("\",\"u\":\"").append(qs.get(i).unit()).append("\",\"v\":")
            .append(values[i]).append('}');
      }
      return records.append(']').toString();
    }

    List<Reading> readings() {
      List<Quantity> qs = kind.quantities();
      return java.util.stream.IntStream.range(0, qs.size()).mapToObj(i -> new Reading(qs.get(i), values[i], time)).toList();
    }

    DecodeContext context() {
      return new DecodeContext("wonju", "wonju-dev-001", kind, NOW);
    }
  }

  @Provide
  Arbitrary<Message> messages() {
    Arbitrary<SensorKind> kinds = Arbitraries.of(Arrays.stream(SensorKind.values()).filter(k -> k != SensorKind.SEISMIC).toList());
    return kinds.flatMap(kind -> Combinators.combine(
        Combinators.combine(kind.quantities().stream().map(PayloadPropertiesTest::valueOf).toList()).as(vs -> vs),
        Arbitraries.longs().between(0, Long.MAX_VALUE >> 11), // exactly representable as a JSON number
        Arbitraries.longs().between(0, 86_400_000L).map(ms -> NOW.minusMillis(ms)))
        .as((vs, seq, time) -> new Message(kind, vs.stream().mapToDouble(Double::doubleValue).toArray(), seq, time)));
  }

  private static Arbitrary<Double> valueOf(Quantity q) {
    return Arbitraries.doubles().between(q.min(), q.max()).ofScale(3);
  }

  @Property(tries = 2_000)
  void everyValidJsonMessageDecodesToExactlyWhatWasSent(@ForAll("messages") Message m) throws Exception {
    DecodedTelemetry t = JSON.decode(m.json().getBytes(StandardCharsets.UTF_8), m.context());
    assertThat(t.sequence()).isEqualTo(m.seq());
    assertThat(t.readings()).isEqualTo(m.readings());
  }

  @Property(tries = 2_000)
  void everyValidSenmlMessageDecodesToTheSameValuesAndQuantities(@ForAll("messages") Message m) throws Exception {
    DecodedTelemetry t = SENML.decode(m.senml().getBytes(StandardCharsets.UTF_8), m.context());
    assertThat(t.readings()).extracting(Reading::quantity).isEqualTo(m.kind().quantities());
    assertThat(t.readings()).extracting(Reading::value).containsExactlyElementsOf(m.readings().stream().map(Reading::value).toList());
  }

  @Property(tries = 1_000)
  void aValueBeyondItsQuantitysRangeIsRefusedAsOutOfRange(@ForAll("messages") Message m, @ForAll @IntRange(min = 0, max = 2) int which,
                                                         @ForAll boolean above) {
    int i = which % m.kind().quantities().size();
    Quantity q = m.kind().quantities().get(i);
    double[] values = m.values().clone();
    values[i] = above ? q.max() + 1 + Math.abs(values[i]) : q.min() - 1 - Math.abs(values[i]);
    Message bad = new Message(m.kind(), values, m.seq(), m.time());
    for (String payload : List.of(bad.json(), bad.senml())) {
      TelemetryDecoder decoder = payload.startsWith("[") ? SENML : JSON;
      assertThatThrownBy(() -> decoder.decode(payload.getBytes(StandardCharsets.UTF_8), bad.context()))
          .isInstanceOfSatisfying(DecodeException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.VALUE_OUT_OF_RANGE));
    }
  }

  @Property(tries = 2_000)
  void aMessageCutShortAnywhereIsRefusedWithADecodeException(@ForAll("messages") Message m, @ForAll @IntRange(min = 0, max = 10_000) int at,
                                                            @ForAll boolean senml) {
    byte[] whole = (senml ? m.senml() : m.json()).getBytes(StandardCharsets.UTF_8);
    byte[] cut = Arrays.copyOf(whole, at % whole.length); // never the whole message
    Throwable thrown = catchThrowable(() -> (senml ? SENML : JSON).decode(cut, m.context()));
    assertThat(thrown).isInstanceOf(DecodeException.class);
  }

  @Property(tries = 2_000)
  void aCorruptedByteNeverEscapesAsAnythingButADecodeException(@ForAll("messages") Message m, @ForAll @LongRange(min = 0) long where,
                                                               @ForAll byte replacement, @ForAll boolean senml) {
    byte[] bytes = (senml ? m.senml() : m.json()).getBytes(StandardCharsets.UTF_8);
    bytes[(int) (where % bytes.length)] = replacement;
    try {
      DecodedTelemetry t = (senml ? SENML : JSON).decode(bytes, m.context());
      assertThat(t.readings()).allMatch(r -> r.quantity().isPossible(r.value()) && m.kind().quantities().contains(r.quantity()));
    } catch (DecodeException refused) {
      assertThat(refused.reason()).isNotNull();
    }
  }
}
