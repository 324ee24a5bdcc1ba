package dev.citywatch.model.decode;

import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks every reading passes, whatever format it came in. */
final class ReadingRules {
  /** Earlier than this is a device with an unset clock, not a measurement. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  /** Largest sequence number: 2^53 - 1, the largest integer every JSON reader keeps exactly. */
  static final long MAX_SEQUENCE = (1L << 53) - 1;

  private final DecodeLimits limits;

  ReadingRules(DecodeLimits limits) {
    this.limits = limits;
  }

  Quantity quantity(String name, SensorKind kind, String field) throws DecodeException {
    Quantity quantity =
        Quantity.fromId(name)
            .orElseThrow(() -> new DecodeException(RejectReason.UNKNOWN_QUANTITY, field, "unknown quantity '" + name + "'"));
    if (!kind.measures(quantity)) {
      throw new DecodeException(
          RejectReason.QUANTITY_NOT_FOR_KIND,
          field,
          "a " + kind.id() + " does not measure " + name + "; it measures " + kind.quantities().stream().map(Quantity::id).toList());
    }
    return quantity;
  }

  void unit(Quantity quantity, String unit, String field) throws DecodeException {
    if (unit == null || unit.isEmpty()) {
      throw new DecodeException(RejectReason.MISSING_UNIT, field, "a unit is required; " + quantity.id() + " is in '" + quantity.unit() + "'");
    }
    if (!unit.equals(quantity.unit())) {
      throw new DecodeException(
          RejectReason.UNIT_MISMATCH, field, quantity.id() + " must be in '" + quantity.unit() + "', got '" + unit + "'");
    }
  }

  double value(Quantity quantity, double value, String field) throws DecodeException {
    if (!Double.isFinite(value)) {
      throw new DecodeException(RejectReason.NON_FINITE_VALUE, field, quantity.id() + " is " + value + ", not a finite number");
    }
    if (!quantity.isPossible(value)) {
      throw new DecodeException(
          RejectReason.VALUE_OUT_OF_RANGE,
          field,
          quantity.id() + " " + value + " " + quantity.unit() + " is outside the possible range ["
              + quantity.min() + ", " + quantity.max() + "]");
    }
    return value;
  }

  Instant time(Instant time, DecodeContext context, String field) throws DecodeException {
    if (time.isBefore(EARLIEST)) {
      throw new DecodeException(RejectReason.INVALID_TIME, field, "time " + time + " is before " + EARLIEST + "; is the device clock set?");
    }
    Instant latest = context.now().plus(limits.maxFutureSkew());
    if (time.isAfter(latest)) {
      throw new DecodeException(
          RejectReason.TIME_IN_FUTURE,
          field,
          "time " + time + " is more than " + limits.maxFutureSkew().toSeconds() + " s ahead of the gateway clock (" + context.now() + ")");
    }
    return time;
  }

  long sequence(double raw, boolean integral, String field) throws DecodeException {
    if (!integral || raw < 0 || raw > MAX_SEQUENCE) {
      throw new DecodeException(RejectReason.INVALID_SEQUENCE, field, "must be an integer from 0 to " + MAX_SEQUENCE + ", got " + raw);
    }
    return (long) raw;
  }

  void readingCount(int count, String field) throws DecodeException {
    if (count == 0) {
      throw new DecodeException(RejectReason.NO_READINGS, field, "a message needs at least one reading");
    }
    if (count > limits.maxReadings()) {
      throw new DecodeException(
          RejectReason.TOO_MANY_READINGS, field, count + " readings, the limit is " + limits.maxReadings());
    }
  }

  private record QuantityAt(Quantity quantity, Instant time) {}

  /** The same quantity twice at the same instant would overwrite itself in storage: refuse it. */
  void distinct(List<Reading> readings, List<String> fields) throws DecodeException {
    Set<QuantityAt> seen = new HashSet<>();
    for (int i = 0; i < readings.size(); i++) {
      Reading r = readings.get(i);
      if (!seen.add(new QuantityAt(r.quantity(), r.time()))) {
        throw new DecodeException(
            RejectReason.DUPLICATE_READING, fields.get(i), "a second " + r.quantity().id() + " reading at " + r.time());
      }
    }
  }
}
