package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.auth.PasswordHash;
import dev.citywatch.model.inventory.InventoryLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCredentialsCommandTest {
  private record Run(int code, String out) {}

  private static Run run(String... args) {
    PrintStream original = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      int code = new CommandLine(new DemoCredentialsCommand()).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
      System.setErr(originalErr);
    }
  }

  @Test
  void thePrintedConsoleTokenIsOneTheInventoryAccepts() throws Exception {
    Run run = run("--token", "wonju-duty-desk");
    assertThat(run.code()).isZero();
    var hash = InventoryLoader.loadDefault().tenant("wonju").orElseThrow().apiTokens().stream()
        .filter(t -> t.name().equals("wonju-duty-desk")).findFirst().orElseThrow().tokenHash();
    assertThat(PasswordHash.verify(run.out().strip().toCharArray(), hash)).isTrue();
  }

  @Test
  void thePrintedWebhookSecretIsTheOneTheDemoSignsWith() {
    Run run = run("--secret", "wonju-disaster-office");
    assertThat(run.code()).isZero();
    assertThat(run.out().strip()).isEqualTo(FleetCredentials.development().webhookSecret("wonju-disaster-office"));
  }

  @Test
  void withoutOptionsEveryTenantAndRegionIsListedAndUnknownNamesAreRefused() {
    Run all = run();
    assertThat(all.code()).isZero();
    assertThat(all.out()).contains("wonju-duty-desk", "hoengseong-duty-desk", "gangwon-situation-room", "wonju-disaster-office",
        FleetCredentials.development().webhookSecret("wonju-disaster-office"));
    assertThat(run("--secret", "nobody").code()).isEqualTo(2);
    assertThat(run("--token", "nobody").code()).isEqualTo(2);
  }
}
