package dev.citywatch.launcher.drill;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one drill found, message by message.
 *
 * @param sent readings handed to MQTT at least once
 * @param acked readings PUBACKed
 * @param stored readings in InfluxDB (by their number)
 * @param duplicates rows in InfluxDB beyond one per reading
 * @param lost PUBACKed readings not in InfluxDB
 * @param alertsExpected alarms raised (each must become one fire alert)
 * @param alertsDelivered alarms whose alert reached the receiver
 * @param alertDuplicates distinct firing steps delivered beyond one per alarm
 * @param webhookRepeats requests the receiver recognised by their Idempotency-Key (retries whose
 *     first answer was lost): deduplicated, not counted as alerts
 * @param recoverySeconds from the repair until everything acknowledged before it was stored and
 *     every alert raised before it delivered
 * @param problems what broke a guarantee, empty when the drill passed
 */
public record DrillReport(String drill, String fault, long sent, long acked, long stored, long duplicates, long lost,
                          int alertsExpected, int alertsDelivered, int alertDuplicates, int webhookRepeats, double recoverySeconds,
                          List<String> notes, List<String> problems) {
  public DrillReport {
    notes = List.copyOf(notes);
    problems = List.copyOf(problems);
  }

  public boolean passed() {
    return problems.isEmpty();
  }

  public String summary() {
    return String.format("[drill %s] %s: sent %,d, acked %,d, stored %,d, duplicates %d, lost %d; alerts %d expected, %d delivered,"
            + " %d duplicated (%d webhook retries deduplicated); recovered in %.1f s%s%s",
        drill, fault, sent, acked, stored, duplicates, lost, alertsExpected, alertsDelivered, alertDuplicates, webhookRepeats,
        recoverySeconds, notes.isEmpty() ? "" : "; " + String.join("; ", notes),
        problems.isEmpty() ? " -- PASSED" : " -- FAILED: " + String.join("; ", problems));
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("drill", drill);
    m.put("fault", fault);
    m.put("sent", sent);
    m.put("acked", acked);
    m.put("stored", stored);
    m.put("duplicates", duplicates);
    m.put("lost", lost);
    m.put("alerts_expected", alertsExpected);
    m.put("alerts_delivered", alertsDelivered);
    m.put("alert_duplicates", alertDuplicates);
    m.put("webhook_repeats", webhookRepeats);
    m.put("recovery_s", Math.round(recoverySeconds * 10) / 10.0);
    m.put("notes", notes);
    m.put("problems", problems);
    m.put("passed", passed());
    return m;
  }
}
