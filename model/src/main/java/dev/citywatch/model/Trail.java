package dev.citywatch.model;

import java.time.Instant;
import java.util.Objects;

/**
 * When a reading passed each stage on its way to a detector's decision: a gateway took it, Kafka
 * appended it to {@code citywatch.telemetry}, the detection job read it. The first part of an
 * alert's latency ledger (docs/measurements.md, {@code webhook_deliveries}); the alerting service
 * adds the rest. A stage not known (a record that never passed Kafka, in tests) is null.
 */
public record Trail(Instant receivedAt, Instant appendedAt, Instant readAt) {
  public Trail {
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** Something a gateway stamped but that the ledger does not follow through Kafka (status, refusals). */
  public static Trail receivedAt(Instant received) {
    return new Trail(received, null, null);
  }

  /** A decision a timer made, with no reading behind it: every stage is the moment of the decision. */
  public static Trail decidedAt(Instant decided) {
    return new Trail(decided, decided, decided);
  }
}
