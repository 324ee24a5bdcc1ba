package dev.citywatch.jobs.types;

import dev.citywatch.model.TelemetryRecord;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The jobs' own type information for their hottest types. They are named where such a stream or
 * state is made (the Kafka reader, {@code process(..., TELEMETRY)}, state descriptors), not
 * registered globally: Flink's registry of type factories is one static map per JVM that refuses a
 * second registration, so two jobs (or two tests) in one JVM could not both register.
 */
public final class RecordTypes {
  /** {@link TelemetryRecord} with {@link TelemetryRecordSerializer}. */
  public static final TypeInformation<TelemetryRecord> TELEMETRY = new TelemetryRecordInfo();

  private RecordTypes() {}

  /** {@link TelemetryRecord} as an atomic type with a serializer of its own. */
  static final class TelemetryRecordInfo extends TypeInformation<TelemetryRecord> {
    @Override
    public TypeSerializer<TelemetryRecord> createSerializer(SerializerConfig config) {
      return new TelemetryRecordSerializer();
    }

    @Override
    public boolean isBasicType() {
      return false;
    }

    @Override
    public boolean isTupleType() {
      return false;
    }

    @Override
    public int getArity() {
      return 1;
    }

    @Override
    public int getTotalFields() {
      return 1;
    }

    @Override
    public Class<TelemetryRecord> getTypeClass() {
      return TelemetryRecord.class;
    }

    @Override
    public boolean isKeyType() {
      return false;
    }

    @Override
    public String toString() {
      return getClass().getSimpleName();
    }

    @Override
    public boolean equals(Object o) {
      return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
      return getClass().hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
      return o != null && o.getClass() == getClass();
    }
  }
}
