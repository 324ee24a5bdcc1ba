package dev.citywatch.alerting.webhook;

/** Hears of every delivery attempt: the InfluxDB log, the metrics and the console each are one. */
@FunctionalInterface
public interface DeliveryLog {
  void attempted(DeliveryAttempt attempt);
}
