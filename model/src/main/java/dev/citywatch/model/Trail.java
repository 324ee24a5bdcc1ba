package dev.citywatch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * When a reading passed each stage on its way to a detector's decision: a gateway took it, Kafka
 * appended it to {@code citywatch.telemetry}, the detection job read it. The first part of an
 * alert's latency ledger (docs/measurements.md, {@code webhook_deliveries}); the alerting service
 * adds the rest. A stage not known (a record that never passed Kafka, in tests) is null.
 *
 * <p>Kept as nanoseconds since the epoch ({@link #UNKNOWN} for a stage not known), not as three
 * {@link Instant}s: a trail rides along with every reading a detector holds back for the
 * watermark (30 s of them), and one object instead of four is that much less for the young
 * collections of the detection JVM to copy (docs/scaling.md).
 */
public record Trail(long receivedNanos, long appendedNanos, long readNanos) {
  public static final long UNKNOWN = Long.MIN_VALUE;

  public Trail {
    if (receivedNanos == UNKNOWN) throw new IllegalArgumentException("receivedAt is required");
  }

  public Trail(Instant receivedAt, Instant appendedAt, Instant readAt) {
    this(nanos(Objects.requireNonNull(receivedAt, "receivedAt")), nanos(appendedAt), nanos(readAt));
  }

  /** Something a gateway stamped but that the ledger does not follow through Kafka (status, refusals). */
  public static Trail receivedAt(Instant received) {
    return new Trail(received, null, null);
  }

  /** A decision a timer made, with no reading behind it: every stage is the moment of the decision. */
  public static Trail decidedAt(Instant decided) {
    return new Trail(decided, decided, decided);
  }

  public Instant receivedAt() {
    return instant(receivedNanos);
  }

  /** When Kafka appended the reading, or null if it never passed Kafka. */
  public Instant appendedAt() {
    return instant(appendedNanos);
  }

  /** When the detection job read the reading, or null if it never passed Kafka. */
  public Instant readAt() {
    return instant(readNanos);
  }

  private static long nanos(Instant t) {
    return t == null ? UNKNOWN : Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  private static Instant instant(long nanos) {
    return nanos == UNKNOWN ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
