package dev.citywatch.model.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private final byte[] salt = "0123456789abcdef".getBytes();

  @Test
  void verifiesTheRightPasswordAndNoOther() {
    String hash = PasswordHash.hash("correct horse".toCharArray(), salt, 2_000);
    assertThat(hash).startsWith("pbkdf2-sha256$2000$").doesNotContain("correct horse");
    assertThat(PasswordHash.isWellFormed(hash)).isTrue();
    assertThat(PasswordHash.verify("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.verify("correct horsf".toCharArray(), hash)).isFalse();
  }

  @Test
  void aMalformedStoredHashNeverMatches() {
    assertThat(PasswordHash.verify("x".toCharArray(), "x")).isFalse();
    assertThat(PasswordHash.verify("x".toCharArray(), "md5$1$abc$def")).isFalse();
  }

  @Test
  void fleetPasswordsDifferPerDeviceAndAreStable() {
    FleetCredentials fleet = FleetCredentials.development();
    assertThat(fleet.password("wonju", "wonju-rg-001")).isEqualTo(fleet.password("wonju", "wonju-rg-001")).hasSize(24);
    assertThat(fleet.password("wonju", "wonju-rg-001")).isNotEqualTo(fleet.password("wonju", "wonju-rg-002"));
    assertThat(fleet.password("wonju", "wonju-rg-001")).isNotEqualTo(fleet.password("hoengseong", "wonju-rg-001"));
  }
}
