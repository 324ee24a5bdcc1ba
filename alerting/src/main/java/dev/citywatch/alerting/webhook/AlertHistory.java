package dev.citywatch.alerting.webhook;

import dev.citywatch.model.Alert;
import java.util.List;
import java.util.Optional;

/** What the service knows of an alert beyond the step being delivered: its earlier steps and its acknowledgement. */
public interface AlertHistory {
  /** The known steps of {@code alertId}, oldest first. */
  List<Alert> steps(String alertId);

  Optional<Acknowledgement> acknowledgement(String alertId);
}
