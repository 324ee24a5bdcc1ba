package dev.citywatch.jobs.detect.alert;

import dev.citywatch.model.Severity;

/**
 * Keyed state of one open alert: its id, the version last emitted, the severity it has reached,
 * when it fired and when its condition last held (event time, ms). A Flink POJO.
 */
public class AlertTrack {
  public String alertId;
  public long version;
  public Severity severity;
  public long firedAtMillis;
  public long lastActiveMillis;

  public AlertTrack() {}
}
