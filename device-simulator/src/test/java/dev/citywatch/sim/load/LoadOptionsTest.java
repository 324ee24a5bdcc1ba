package dev.citywatch.sim.load;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
  @Test
  void everyBadOptionIsNamed() {
    assertThatThrownBy(() -> new LoadOptions(URI.create("http://x"), 0, -1, 0, 2, 10, Duration.ofSeconds(1), Duration.ZERO,
        Duration.ZERO, true, 4, LoadOptions.ClientKind.PAHO))
        .hasMessageContaining("target must be tcp://host:port")
        .hasMessageContaining("connections must be >= 1")
        .hasMessageContaining("rate must be >= 0")
        .hasMessageContaining("window must be 1-65535")
        .hasMessageContaining("qos must be 0 or 1")
        .hasMessageContaining("payload size must be 100-60000 bytes")
        .hasMessageContaining("MQTT version must be 3 or 5");
  }

  @Test
  void theVertxClientSpeaksOnly311() {
    assertThatThrownBy(() -> new LoadOptions(URI.create("tcp://localhost:1883"), 1, 0, 10, 1, 200, Duration.ofSeconds(1), Duration.ZERO,
        Duration.ZERO, true, 5, LoadOptions.ClientKind.VERTX))
        .hasMessageContaining("the Vert.x client speaks MQTT 3.1.1 only");
  }
}
