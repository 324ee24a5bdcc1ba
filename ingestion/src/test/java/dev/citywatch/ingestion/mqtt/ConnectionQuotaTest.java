package dev.citywatch.ingestion.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.ingestion.config.GatewayLimits;
import org.junit.jupiter.api.Test;

class ConnectionQuotaTest {
  private final ConnectionQuota quota = new ConnectionQuota(GatewayLimits.DEFAULT.withConnections(3, 2));

  @Test
  void aTenantCannotTakeMoreThanItsShare() {
    assertThat(quota.tryAcquire("wonju")).isTrue();
    assertThat(quota.tryAcquire("wonju")).isTrue();
    assertThat(quota.tryAcquire("wonju")).isFalse();
    assertThat(quota.tryAcquire("hoengseong")).isTrue();
  }

  @Test
  void theGatewayIsFullAtItsTotalAndFreesSlotsOnRelease() {
    quota.tryAcquire("wonju");
    quota.tryAcquire("wonju");
    quota.tryAcquire("hoengseong");
    assertThat(quota.tryAcquire("hoengseong")).isFalse();
    quota.release("wonju");
    assertThat(quota.held()).isEqualTo(2);
    assertThat(quota.tryAcquire("hoengseong")).isTrue();
  }

  @Test
  void releasingATenantThatHoldsNothingChangesNothing() {
    quota.release("nobody");
    assertThat(quota.held()).isZero();
  }
}
