package dev.citywatch.ingestion.mqtt;

/**
 * Bounds the messages of one connection that are between PUBLISH and their answer (Kafka's
 * acknowledgement, then PUBACK for QoS 1). At {@code limit} the socket stops being read; reading
 * resumes once half the window is free. Runs on the connection's event loop only.
 */
final class InflightWindow {
  private final int limit;
  private final int resumeAt;
  private final SocketReads reads;
  private final GatewayMetrics metrics;
  private int inflight;
  private boolean paused;
  /** Paused for shutdown: stays paused whatever the window does. */
  private boolean draining;

  InflightWindow(int limit, SocketReads reads, GatewayMetrics metrics) {
    this.limit = limit;
    this.resumeAt = limit / 2;
    this.reads = reads;
    this.metrics = metrics;
  }

  void begin() {
    inflight++;
    metrics.inflightAdded(1);
    if (inflight >= limit && !paused) {
      paused = true;
      reads.pause();
      metrics.readsPaused();
    }
  }

  void end() {
    inflight--;
    metrics.inflightAdded(-1);
    if (paused && !draining && inflight <= resumeAt) {
      paused = false;
      reads.resume();
    }
  }

  /** Stops reading for good: the gateway is shutting down and waits for what is in flight. */
  void drain() {
    draining = true;
    paused = true;
    reads.pause();
  }

  int inflight() {
    return inflight;
  }
}
