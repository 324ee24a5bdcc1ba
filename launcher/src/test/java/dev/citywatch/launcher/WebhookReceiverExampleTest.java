package dev.citywatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.alerting.webhook.Signature;
import dev.citywatch.model.auth.FleetCredentials;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/examples/webhook_receiver.py, the integrators' example, verifies what CityWatch signs and refuses the rest. */
class WebhookReceiverExampleTest {
  private static final Path EXAMPLE = Path.of("..", "docs", "examples", "webhook_receiver.py").toAbsolutePath().normalize();

  @Test
  void thePythonExampleAcceptsARequestSignedWithTheDemoSecretAndRefusesATamperedOne() throws Exception {
    String secret = FleetCredentials.development().webhookSecret("wonju-disaster-office");
    Process receiver = new ProcessBuilder("python3", EXAMPLE.toString(), "0", "whsec_other", secret).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
      String listening = out.readLine();
      assertThat(listening).startsWith("listening on http://127.0.0.1:");
      URI uri = URI.create(listening.split(" ")[2]);
      byte[] body = ("{\"schema\":\"citywatch.webhook.v1\",\"alert\":{\"severity_ko\":\"경계\",\"kind\":\"fire\","
          + "\"headline\":{\"ko\":\"화재 감지\"}}}").getBytes(StandardCharsets.UTF_8);
      String header = Signature.header(List.of(secret), Instant.now(), body);

      assertThat(post(uri, header, body)).isEqualTo(204);
      assertThat(out.readLine()).isEqualTo("verified alert.firing 경계 fire 화재 감지 (key wonju:fire:x:1)");
      body[body.length - 3] = 'X';
      assertThat(post(uri, header, body)).as("a body changed after signing").isEqualTo(401);
      assertThat(post(uri, Signature.header(List.of(secret), Instant.now().minusSeconds(600), body), body)).as("10 minutes old")
          .isEqualTo(401);
    } finally {
      receiver.destroy();
    }
  }

  private static int post(URI uri, String signature, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json; charset=utf-8")
        .header("X-CityWatch-Signature", signature).header("X-CityWatch-Event", "alert.firing")
        .header("Idempotency-Key", "wonju:fire:x:1").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
