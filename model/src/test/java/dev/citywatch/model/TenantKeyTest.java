package dev.citywatch.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TenantKeyTest {
  @Test
  void aKeyReadsBackAsTheTenantAndIdItWasMadeOf() {
    String key = TenantKey.of("wonju", "wonju-fr-001");
    assertThat(key).isEqualTo("wonju/wonju-fr-001");
    assertThat(TenantKey.parse(key)).isEqualTo(new TenantKey("wonju", "wonju-fr-001"));
    assertThat(TenantKey.parse(key).toString()).isEqualTo(key);
  }

  @Test
  void onlyTheFirstSlashSeparatesTheTenant() {
    assertThat(TenantKey.parse("wonju/a/b")).isEqualTo(new TenantKey("wonju", "a/b"));
  }

  @Test
  void aStringThatIsNotAKeyIsRefusedWithTheReason() {
    assertThatThrownBy(() -> TenantKey.parse("wonju")).hasMessageContaining("not a tenant/id key: 'wonju'");
    assertThatThrownBy(() -> TenantKey.parse("/x")).hasMessageContaining("non-empty name");
    assertThatThrownBy(() -> TenantKey.parse("wonju/")).hasMessageContaining("empty");
    assertThatThrownBy(() -> new TenantKey("a/b", "x")).hasMessageContaining("without '/'");
  }
}
