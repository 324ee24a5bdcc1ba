package dev.citywatch.jobs.storage;

import dev.citywatch.jobs.common.CityReference;
import dev.citywatch.jobs.io.InfluxSettings;
import dev.citywatch.jobs.io.PointRecord;
import dev.citywatch.model.DeadLetter;
import dev.citywatch.model.DeviceStatus;
import dev.citywatch.model.TelemetryRecord;
import java.util.HashMap;
import java.util.Map;

/** Points of the device-status, dead-letter and late-record streams (docs/storage.md). */
public final class StatusPoints {
  public static final String DEVICE_STATUS = "device_status";
  public static final String REJECTIONS = "rejections";
  public static final String LATE = "late_records";

  private StatusPoints() {}

  /** {@code device_status}: state as tag and as a number (1 online, 0 offline, 2 fault), with reason and source. */
  public static PointRecord status(CityReference city, DeviceStatus s) {
    Map<String, String> tags = tags(city, s.tenant(), s.deviceId());
    tags.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
    tags.put("source", s.source().name().toLowerCase(java.util.Locale.ROOT));
    int code = switch (s.state()) {
      case ONLINE -> 1;
      case OFFLINE -> 0;
      case FAULT -> 2;
    };
    return new PointRecord(InfluxSettings.RAW, DEVICE_STATUS, tags, Map.of("state_code", (long) code, "reason", s.reason(),
        "gateway", s.gatewayId()), s.time().toEpochMilli());
  }

  /** {@code rejections}: one refused payload, by device and reject reason. */
  public static PointRecord rejection(CityReference city, DeadLetter d) {
    Map<String, String> tags = tags(city, d.tenant(), d.deviceId());
    tags.put("reason", d.reason());
    return new PointRecord(InfluxSettings.RAW, REJECTIONS, tags, Map.of("count", 1L, "field", d.field(), "message", d.message()),
        d.receivedAt().toEpochMilli());
  }

  /** {@code late_records}: a record that arrived after the watermark had passed it (stored, but in no rollup). */
  public static PointRecord late(CityReference city, TelemetryRecord r) {
    return new PointRecord(InfluxSettings.RAW, LATE, tags(city, r.tenant(), r.deviceId()),
        Map.of("lateness_ms", Math.max(0, r.receivedAt().toEpochMilli() - r.eventTime().toEpochMilli()), "seq", r.sequence()),
        r.eventTime().toEpochMilli());
  }

  private static Map<String, String> tags(CityReference city, String tenant, String device) {
    Map<String, String> tags = new HashMap<>();
    tags.put("tenant", tenant);
    tags.put("device", device);
    city.inventory().device(tenant, device).ifPresent(d -> {
      tags.put("kind", d.kind().id());
      tags.put("district", d.district());
    });
    return tags;
  }
}
