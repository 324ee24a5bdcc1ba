package dev.citywatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.auth.FleetCredentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PasswordCommandTest {
  @Test
  void printsTheSimulatedDevicesPasswordAndRefusesAnUnknownDevice() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int ok;
    int unknown;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      ok = new CommandLine(new SimulatorCli()).execute("password", "wonju-aq-001@wonju");
      unknown = new CommandLine(new SimulatorCli()).execute("password", "nobody@wonju");
    } finally {
      System.setOut(original);
    }
    assertThat(ok).isZero();
    assertThat(unknown).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8).strip())
        .isEqualTo(new String(FleetCredentials.development().password("wonju", "wonju-aq-001")));
  }
}
