package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.auth.FleetCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSecretsTest {
  private final FleetCredentials keys = FleetCredentials.development();

  @Test
  void findsADevicePasswordATokenAndAWebhookSecretWhereverTheyAppearInALine(@TempDir Path dir) throws Exception {
    LogSecrets scan = new LogSecrets();
    Files.writeString(dir.resolve("gateway.log"), "INFO login wonju-rv-001 pw=" + new String(keys.password("wonju", "wonju-rv-001")) + ";\n");
    Files.writeString(dir.resolve("00000000000000000000.log"), new String(keys.password("wonju", "wonju-rv-002"))); // a Kafka segment
    List<String> leaks = scan.leaks(List.of(dir), Map.of(
        "console", "token x" + new String(keys.apiToken("wonju", "wonju-duty-desk")) + "y and secret "
            + keys.webhookSecret("wonju-disaster-office")));
    assertThat(leaks).containsExactlyInAnyOrder(
        dir.resolve("gateway.log") + ": password of device wonju-rv-001",
        "console: API token wonju-duty-desk",
        "console: signing secret of webhook wonju-disaster-office");
    assertThat(scan.count()).as("device passwords, API tokens and webhook secrets of the inventory").isGreaterThan(200);
  }

  @Test
  void cleanOutputHasNoLeaks(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("alerting.log"), "[alerting] delivered wonju-disaster-office 200 in 12 ms, key 5c0ffee0-1234\n");
    assertThat(new LogSecrets().leaks(List.of(dir), Map.of())).isEmpty();
  }
}
