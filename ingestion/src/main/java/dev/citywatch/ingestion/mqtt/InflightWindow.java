package dev.citywatch.ingestion.mqtt;

/**
 * Decides when one connection's socket is read. It stops being read for any of three reasons:
 * the messages between PUBLISH and their answer (Kafka's acknowledgement, then PUBACK) reach
 * {@code limit} (reading resumes once half the window is free); a message is held back because
 * the device is over its publish rate; or the connection is closing and waits for what is in
 * flight. Runs on the connection's event loop only.
 */
final class InflightWindow {
  private final int limit;
  private final int resumeAt;
  private final SocketReads reads;
  private final GatewayMetrics metrics;
  private int inflight;
  private boolean full;
  private boolean held;
  /** Paused for good: the connection is closing (or the gateway shutting down) once nothing is in flight. */
  private boolean draining;
  private boolean paused;
  private Runnable whenIdle;

  InflightWindow(int limit, SocketReads reads, GatewayMetrics metrics) {
    this.limit = limit;
    this.resumeAt = limit / 2;
    this.reads = reads;
    this.metrics = metrics;
  }

  void begin() {
    inflight++;
    metrics.inflightAdded(1);
    if (inflight >= limit && !full) {
      full = true;
      metrics.readsPaused();
    }
    apply();
  }

  void end() {
    inflight--;
    metrics.inflightAdded(-1);
    if (full && inflight <= resumeAt) full = false;
    apply();
    if (inflight == 0 && whenIdle != null) {
      Runnable r = whenIdle;
      whenIdle = null;
      r.run();
    }
  }

  /** A message waits for the device's publish rate: read nothing more until {@link #release}. */
  void hold() {
    held = true;
    apply();
  }

  void release() {
    held = false;
    apply();
  }

  /** Stops reading for good: the gateway is shutting down and waits for what is in flight. */
  void drain() {
    draining = true;
    apply();
  }

  /**
   * Stops reading for good and runs {@code action} once nothing is in flight (at once when nothing
   * is): the connection is closed only after every message Kafka took has been answered.
   */
  void drainThen(Runnable action) {
    drain();
    if (inflight == 0) {
      action.run();
    } else {
      whenIdle = action;
    }
  }

  boolean draining() {
    return draining;
  }

  int inflight() {
    return inflight;
  }

  private void apply() {
    boolean pause = draining || held || full;
    if (pause != paused) {
      paused = pause;
      if (pause) {
        reads.pause();
      } else {
        reads.resume();
      }
    }
  }
}
