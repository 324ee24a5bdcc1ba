package dev.citywatch.jobs.detect.device;

import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.Quantity;
import dev.citywatch.model.Reading;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.TelemetryRecord;
import dev.citywatch.model.TenantKey;
import dev.citywatch.model.Trail;
import java.util.ArrayList;
import java.util.List;

/**
 * What the device-fault rules need to know of a device, from any of the three streams: it sent a
 * message (with the values that should vary), its connection came or went (and how), or a payload
 * of it was refused.
 *
 * @param values the message's values of quantities that vary (not rainfall, which is 0 for days,
 *     nor traffic volume, a small count; seismic packs carry none)
 */
public record DeviceEvent(String tenant, String device, Type type, long timeMillis, Trail trail, double[] values, String detail) {

  public enum Type {
    TELEMETRY,
    ONLINE,
    /** Disconnected cleanly. */
    OFFLINE,
    /** Connection lost with a Last Will set: the device did not say goodbye. */
    WILL,
    /** The device reported a fault on its status topic. */
    FAULT,
    REJECTED
  }

  public String key() {
    return TenantKey.of(tenant, device);
  }

  public static DeviceEvent of(TelemetryRecord r) {
    List<Double> values = new ArrayList<>();
    if (r.kind() != SensorKind.SEISMIC) {
      for (Reading x : r.readings()) {
        if (x.quantity() != Quantity.RAINFALL && x.quantity() != Quantity.VOLUME) values.add(x.value());
      }
    }
    return new DeviceEvent(r.tenant(), r.deviceId(), Type.TELEMETRY, r.eventTime().toEpochMilli(), r.trail(),
        values.stream().mapToDouble(Double::doubleValue).toArray(), "");
  }

  public static DeviceEvent of(DeviceStatus s) {
    Type type = switch (s.state()) {
      case ONLINE -> Type.ONLINE;
      case FAULT -> Type.FAULT;
      case OFFLINE -> s.source() == DeviceStatus.Source.WILL ? Type.WILL : Type.OFFLINE;
    };
    return new DeviceEvent(s.tenant(), s.deviceId(), type, s.time().toEpochMilli(), Trail.receivedAt(s.time()), new double[0], s.reason());
  }

  public static DeviceEvent of(DeadLetter d) {
    return new DeviceEvent(d.tenant(), d.deviceId(), Type.REJECTED, d.receivedAt().toEpochMilli(), Trail.receivedAt(d.receivedAt()),
        new double[0], d.reason());
  }
}
