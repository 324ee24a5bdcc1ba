package dev.citywatch.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class InflightWindowTest {
  private final RecordingReads reads = new RecordingReads();
  private final GatewayMetrics metrics = new GatewayMetrics(new SimpleMeterRegistry());
  private final InflightWindow window = new InflightWindow(4, reads.reads, metrics);

  /** Counts pause and resume calls instead of touching a socket. */
  private static final class RecordingReads {
    int pauses;
    int resumes;
    final SocketReads reads = SocketReads.forTest(() -> pauses++, () -> resumes++);
  }

  @Test
  void readingPausesWhenTheWindowIsFullAndResumesWhenHalfIsFree() {
    for (int i = 0; i < 3; i++) window.begin();
    assertThat(reads.pauses).isZero();
    window.begin();
    assertThat(reads.pauses).isEqualTo(1);
    assertThat(metrics.inflight()).isEqualTo(4);
    assertThat(metrics.pausedReads()).isEqualTo(1);

    window.end();
    assertThat(reads.resumes).as("3 in flight: not yet half free").isZero();
    window.end();
    assertThat(reads.resumes).isEqualTo(1);
    assertThat(metrics.inflight()).isEqualTo(2);
  }

  @Test
  void aDrainingConnectionNeverResumesReading() {
    window.begin();
    window.drain();
    window.end();
    assertThat(reads.pauses).isEqualTo(1);
    assertThat(reads.resumes).isZero();
    assertThat(window.inflight()).isZero();
  }

  @Test
  void aHeldMessageStopsReadingUntilReleasedAndAFullWindowKeepsItStopped() {
    window.hold();
    assertThat(reads.pauses).isEqualTo(1);
    for (int i = 0; i < 4; i++) window.begin();
    window.release();
    assertThat(reads.resumes).as("the window is still full").isZero();
    window.end();
    window.end();
    assertThat(reads.resumes).isEqualTo(1);
    assertThat(reads.pauses).as("one pause for both reasons").isEqualTo(1);
  }

  @Test
  void aClosingConnectionActsOnlyOnceEveryMessageInFlightIsAnswered() {
    window.begin();
    window.begin();
    java.util.List<String> done = new java.util.ArrayList<>();
    window.drainThen(() -> done.add("closed"));
    assertThat(reads.pauses).isEqualTo(1);
    window.end();
    assertThat(done).isEmpty();
    window.end();
    assertThat(done).containsExactly("closed");
    assertThat(reads.resumes).isZero();
  }

  @Test
  void aClosingConnectionWithNothingInFlightActsAtOnce() {
    java.util.List<String> done = new java.util.ArrayList<>();
    window.drainThen(() -> done.add("closed"));
    assertThat(done).containsExactly("closed");
  }

  @Test
  void theGatewayWideGaugeSumsEveryWindow() {
    InflightWindow other = new InflightWindow(4, new RecordingReads().reads, metrics);
    window.begin();
    other.begin();
    other.begin();
    assertThat(metrics.inflight()).isEqualTo(3);
    other.end();
    assertThat(metrics.inflight()).isEqualTo(2);
  }
}
