package dev.citywatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TrailTest {
  @Test
  void givesBackEachStageToTheNanosecond() {
    Instant received = Instant.parse("2026-12-04T21:00:00.123456789Z");
    Instant appended = received.plusMillis(3);
    Instant read = received.plusNanos(4_500_001);
    Trail trail = new Trail(received, appended, read);
    assertThat(trail.receivedAt()).isEqualTo(received);
    assertThat(trail.appendedAt()).isEqualTo(appended);
    assertThat(trail.readAt()).isEqualTo(read);
    assertThat(trail).isEqualTo(new Trail(received, appended, read));
  }

  @Test
  void aStageNotKnownStaysNull() {
    Trail trail = Trail.receivedAt(Instant.parse("1969-12-31T23:59:59.5Z"));
    assertThat(trail.receivedAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59.5Z"));
    assertThat(trail.appendedAt()).isNull();
    assertThat(trail.readAt()).isNull();
  }

  @Test
  void theGatewaysTimeIsRequired() {
    assertThatThrownBy(() -> new Trail(null, Instant.EPOCH, Instant.EPOCH)).hasMessageContaining("receivedAt");
    assertThatThrownBy(() -> new Trail(Trail.UNKNOWN, 0, 0)).hasMessageContaining("receivedAt");
  }
}
