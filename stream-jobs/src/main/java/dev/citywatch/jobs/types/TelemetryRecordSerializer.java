package dev.citywatch.jobs.types;

import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link TelemetryRecord} between the jobs' operators and in their state, field by field in
 * primitives. Flink's record serializer went through reflection, an {@code Object[]} of boxed
 * fields and a boxed {@code Double} and an {@code Instant} per reading: the largest share of the
 * detection job's allocations, and with them of its garbage collection (async-profiler,
 * {@code bench detection}).
 *
 * <p>Form: schema, tenant, device, kind (ordinal), sequence, format (ordinal), gateway, received
 * time, the readings (quantity ordinal, value, time), then the arrival stamps when present. Enum
 * constants are only ever appended (docs/wire-format.md), so ordinals keep their meaning; a change
 * of this form is a new {@link Snapshot} version.
 */
public final class TelemetryRecordSerializer extends TypeSerializer<TelemetryRecord> {
  private static final SensorKind[] KINDS = SensorKind.values();
  private static final PayloadFormat[] FORMATS = PayloadFormat.values();
  private static final Quantity[] QUANTITIES = Quantity.values();

  @Override
  public boolean isImmutableType() {
    return true; // a record, whose list is immutable too
  }

  @Override
  public TypeSerializer<TelemetryRecord> duplicate() {
    return this; // stateless
  }

  @Override
  public TelemetryRecord createInstance() {
    return null; // immutable: there is no instance to reuse
  }

  @Override
  public TelemetryRecord copy(TelemetryRecord from) {
    return from;
  }

  @Override
  public TelemetryRecord copy(TelemetryRecord from, TelemetryRecord reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(TelemetryRecord r, DataOutputView out) throws IOException {
    out.writeByte(r.schema());
    out.writeUTF(r.tenant());
    out.writeUTF(r.deviceId());
    out.writeByte(r.kind().ordinal());
    out.writeLong(r.sequence());
    out.writeByte(r.format().ordinal());
    out.writeUTF(r.gatewayId());
    writeInstant(r.receivedAt(), out);
    List<Reading> readings = r.readings();
    out.writeInt(readings.size());
    for (Reading x : readings) {
      out.writeByte(x.quantity().ordinal());
      out.writeDouble(x.value());
      writeInstant(x.time(), out);
    }
    writeOptionalInstant(r.appendedAt(), out);
    writeOptionalInstant(r.readAt(), out);
  }

  @Override
  public TelemetryRecord deserialize(DataInputView in) throws IOException {
    int schema = in.readByte();
    String tenant = in.readUTF();
    String device = in.readUTF();
    SensorKind kind = KINDS[in.readByte()];
    long sequence = in.readLong();
    PayloadFormat format = FORMATS[in.readByte()];
    String gateway = in.readUTF();
    Instant received = readInstant(in);
    Reading[] readings = new Reading[in.readInt()];
    for (int i = 0; i < readings.length; i++) {
      Quantity q = QUANTITIES[in.readByte()];
      double value = in.readDouble();
      readings[i] = new Reading(q, value, readInstant(in));
    }
    return new TelemetryRecord(schema, tenant, device, kind, sequence, format, gateway, received, List.of(readings),
        readOptionalInstant(in), readOptionalInstant(in));
  }

  @Override
  public TelemetryRecord deserialize(TelemetryRecord reuse, DataInputView in) throws IOException {
    return deserialize(in);
  }

  @Override
  public void copy(DataInputView in, DataOutputView out) throws IOException {
    serialize(deserialize(in), out);
  }

  static void writeInstant(Instant t, DataOutputView out) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  static Instant readInstant(DataInputView in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  static void writeOptionalInstant(Instant t, DataOutputView out) throws IOException {
    out.writeBoolean(t != null);
    if (t != null) writeInstant(t, out);
  }

  static Instant readOptionalInstant(DataInputView in) throws IOException {
    return in.readBoolean() ? readInstant(in) : null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TelemetryRecordSerializer;
  }

  @Override
  public int hashCode() {
    return TelemetryRecordSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<TelemetryRecord> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Restores this serializer from a checkpoint or savepoint; version 1 is the form above. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<TelemetryRecord> {
    public Snapshot() {
      super(TelemetryRecordSerializer::new);
    }
  }
}
