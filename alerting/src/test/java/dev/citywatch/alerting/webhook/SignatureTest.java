package dev.citywatch.alerting.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignatureTest {
  private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
  private static final byte[] BODY = "{\"alert\":{\"id\":\"wonju:flood:wonju-rv-003:1795600000\"}}".getBytes(StandardCharsets.UTF_8);

  @Test
  void theHeaderIsHmacSha256OfTimeDotBodyAsAReceiverComputesItIndependently() throws Exception {
    String header = Signature.header(List.of("s3cret"), NOW, BODY);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal((NOW.getEpochSecond() + "." + new String(BODY, StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8)));
    assertThat(header).isEqualTo("t=" + NOW.getEpochSecond() + ",v1=" + expected);
    assertThat(Signature.verify(header, BODY, List.of("s3cret"), NOW.plusSeconds(3), Signature.DEFAULT_TOLERANCE))
        .isEqualTo(Signature.Verdict.OK);
  }

  @Test
  void aTamperedBodyFailsVerification() {
    String header = Signature.header(List.of("s3cret"), NOW, BODY);
    byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("rv-003", "rv-004").getBytes(StandardCharsets.UTF_8);
    assertThat(Signature.verify(header, tampered, List.of("s3cret"), NOW, Signature.DEFAULT_TOLERANCE))
        .isEqualTo(Signature.Verdict.MISMATCH);
  }

  @Test
  void aStaleOrFutureTimestampFailsVerificationEvenWithTheRightSignature() {
    String header = Signature.header(List.of("s3cret"), NOW, BODY);
    assertThat(Signature.verify(header, BODY, List.of("s3cret"), NOW.plus(Duration.ofMinutes(6)), Signature.DEFAULT_TOLERANCE))
        .isEqualTo(Signature.Verdict.STALE);
    assertThat(Signature.verify(header, BODY, List.of("s3cret"), NOW.minus(Duration.ofMinutes(6)), Signature.DEFAULT_TOLERANCE))
        .isEqualTo(Signature.Verdict.STALE);
  }

  @Test
  void duringARotationBothSecretsSignSoAReceiverWithEitherAccepts() {
    String header = Signature.header(List.of("new-secret", "old-secret"), NOW, BODY);
    assertThat(header.split(",")).hasSize(3);
    assertThat(Signature.verify(header, BODY, List.of("old-secret"), NOW, Signature.DEFAULT_TOLERANCE)).isEqualTo(Signature.Verdict.OK);
    assertThat(Signature.verify(header, BODY, List.of("new-secret"), NOW, Signature.DEFAULT_TOLERANCE)).isEqualTo(Signature.Verdict.OK);
    assertThat(Signature.verify(header, BODY, List.of("other"), NOW, Signature.DEFAULT_TOLERANCE)).isEqualTo(Signature.Verdict.MISMATCH);
  }

  @Test
  void missingAndMalformedHeadersAreTold() {
    assertThat(Signature.verify(null, BODY, List.of("s"), NOW, Signature.DEFAULT_TOLERANCE)).isEqualTo(Signature.Verdict.MISSING);
    assertThat(Signature.verify("t=abc,v1=00", BODY, List.of("s"), NOW, Signature.DEFAULT_TOLERANCE)).isEqualTo(Signature.Verdict.MALFORMED);
    assertThat(Signature.verify("t=1", BODY, List.of("s"), NOW, Signature.DEFAULT_TOLERANCE)).isEqualTo(Signature.Verdict.MALFORMED);
    assertThat(Signature.verify("v1=zz,t=1", BODY, List.of("s"), NOW, Signature.DEFAULT_TOLERANCE)).isEqualTo(Signature.Verdict.MALFORMED);
  }
}
