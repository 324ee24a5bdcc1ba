package dev.citywatch.model.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing (Jazzer) of both payload decoders with the same inputs: whatever the
 * bytes, a decoder either returns readings that keep every promise of {@link DecodedTelemetry}
 * (known quantities of the device's kind, values in range, times not ahead of the clock beyond
 * the skew) or throws {@link DecodeException}; never another exception, never a slow decode. The
 * same bytes also go through the {@link StatusDecoder}: a status or a {@link DecodeException}.
 *
 * <p>The build sets {@code JAZZER_FUZZ=1}, so {@code ./citywatch test} fuzzes 10^6 inputs each
 * time (the count is asserted); without it the seeds in {@code PayloadFuzzTestInputs} replay.
 * A finding is written there as a file and replays from then on: the regression test.
 */
class PayloadFuzzTest {
  static final long EXECUTIONS = 1_000_000;
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final Duration SLOW = Duration.ofSeconds(1);
  private static final List<TelemetryDecoder> DECODERS =
      List.of(new CityWatchJsonDecoder(DecodeLimits.DEFAULT), new SenmlDecoder(DecodeLimits.DEFAULT));
  private static final StatusDecoder STATUS = new StatusDecoder();
  private static final SensorKind[] KINDS = SensorKind.values();
  private static final AtomicLong inputs = new AtomicLong();
  private static final AtomicLong accepted = new AtomicLong();

  @FuzzTest(maxExecutions = EXECUTIONS)
  void bothDecodersReturnValidReadingsOrADecodeExceptionAndNothingElse(FuzzedDataProvider data) {
    SensorKind kind = KINDS[data.consumeInt(0, KINDS.length - 1)];
    byte[] payload = data.consumeRemainingAsBytes();
    inputs.incrementAndGet();
    DecodeContext context = new DecodeContext("wonju", "wonju-dev-001", kind, NOW);
    for (TelemetryDecoder decoder : DECODERS) {
      long started = System.nanoTime();
      try {
        DecodedTelemetry t = decoder.decode(payload, context);
        accepted.incrementAndGet();
        for (Reading r : t.readings()) {
          if (!kind.quantities().contains(r.quantity()) || !r.quantity().isPossible(r.value()) || Double.isNaN(r.value())
              || r.time().isAfter(NOW.plus(DecodeLimits.DEFAULT.maxFutureSkew()))) {
            throw new AssertionError(decoder.getClass().getSimpleName() + " accepted an invalid reading " + r + " for a " + kind);
          }
        }
        if (t.readings().size() > DecodeLimits.DEFAULT.maxReadings()) throw new AssertionError("more readings than the limit");
      } catch (DecodeException refused) {
        if (refused.reason() == null) throw new AssertionError("a refusal without a reason", refused);
      }
      long took = System.nanoTime() - started;
      if (took > SLOW.toNanos()) {
        throw new AssertionError(decoder.getClass().getSimpleName() + " took " + took / 1_000_000 + " ms on " + payload.length + " bytes");
      }
    }
    try {
      STATUS.decode(payload, "wonju", "wonju-dev-001", "gw-1", NOW);
    } catch (DecodeException refused) {
      if (refused.reason() == null) throw new AssertionError("a status refusal without a reason", refused);
    }
  }

  @AfterAll
  static void report() {
    System.out.printf("[payload-fuzz] %,d inputs through both decoders, %,d decodes accepted%n", inputs.get(), accepted.get());
    if ("1".equals(System.getenv("JAZZER_FUZZ"))) {
      assertThat(inputs.get()).as("inputs fuzzed").isGreaterThanOrEqualTo(EXECUTIONS);
    }
  }
}
