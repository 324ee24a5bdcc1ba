package dev.citywatch.jobs.io;

import dev.citywatch.model.Measurement;
import java.util.concurrent.TimeUnit;
import org.influxdb.dto.Point;

/**
 * How a measurement is stored (docs/storage.md): measurement named by the sensor kind, tags
 * {@code tenant}, {@code device}, {@code kind}, one field named by the quantity, millisecond time.
 * Writing the same point again overwrites it, so a replay adds nothing.
 */
public final class MeasurementPoints {
  private MeasurementPoints() {}

  public static Point toPoint(Measurement m) {
    return Point.measurement(m.kind().measurement())
        .time(m.eventTime().toEpochMilli(), TimeUnit.MILLISECONDS)
        .tag("tenant", m.tenant())
        .tag("device", m.deviceId())
        .tag("kind", m.kind().id())
        .addField(m.quantity().id(), m.value())
        .build();
  }
}
