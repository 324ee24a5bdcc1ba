package dev.citywatch.ingestion.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.testkit.Dirs;
import dev.citywatch.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificateIdentityTest {
  private static Path dir;
  private static TestPki pki;

  @BeforeAll
  static void ca() throws Exception {
    dir = Files.createTempDirectory("citywatch-cert-");
    pki = TestPki.create(dir, "identity-test-ca");
  }

  @AfterAll
  static void clean() throws Exception {
    Dirs.deleteTree(dir);
  }

  @Test
  void theCommonNameNamesTheDevice() throws Exception {
    assertThat(CertificateIdentity.name(pki.client("wonju-rv-001@wonju").x509())).contains("wonju-rv-001@wonju");
  }

  @Test
  void anEmailSubjectAlternativeNameWinsOverTheCommonName() throws Exception {
    assertThat(CertificateIdentity.name(pki.client("gauge on the bridge", "wonju-rv-002@wonju").x509())).contains("wonju-rv-002@wonju");
  }

  @Test
  void noSessionMeansNoCertificateName() {
    assertThat(CertificateIdentity.of(null)).isEmpty();
  }
}
