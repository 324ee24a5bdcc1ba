package dev.citywatch.model.inventory;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.SensorKind;
import java.time.Duration;
import java.util.Optional;

/**
 * One field device as the operations centre registered it.
 *
 * @param passwordHash a {@link dev.citywatch.model.auth.PasswordHash}, never a clear password
 * @param river the river a river gauge watches (river gauges only)
 * @param stages the gauge's stage levels (river gauges only)
 * @param segment the road segment a loop detector sits on (loop detectors only)
 */
public record Device(
    String id,
    SensorKind kind,
    PayloadFormat format,
    GeoPoint location,
    String district,
    Duration interval,
    String passwordHash,
    Optional<String> river,
    Optional<StageLevels> stages,
    Optional<String> segment) {

  @Override
  public String toString() {
    // Keep the hash out of logs and exception messages.
    return "Device[" + id + ", " + kind.id() + ", " + district + "]";
  }
}
