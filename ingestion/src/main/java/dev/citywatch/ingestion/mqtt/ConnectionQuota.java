package dev.citywatch.ingestion.mqtt;

import dev.citywatch.ingestion.config.GatewayLimits;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Connections held per gateway and per tenant, so that one tenant cannot take every slot. */
public final class ConnectionQuota {
  private final GatewayLimits limits;
  private final Map<String, Integer> perTenant = new ConcurrentHashMap<>();
  private int total;

  public ConnectionQuota(GatewayLimits limits) {
    this.limits = limits;
  }

  /** Takes a slot for {@code tenant}; false when the gateway or the tenant is full. */
  public synchronized boolean tryAcquire(String tenant) {
    int held = perTenant.getOrDefault(tenant, 0);
    if (total >= limits.maxConnections() || held >= limits.maxConnectionsPerTenant()) {
      return false;
    }
    total++;
    perTenant.put(tenant, held + 1);
    return true;
  }

  public synchronized void release(String tenant) {
    Integer held = perTenant.get(tenant);
    if (held == null) return;
    total--;
    if (held == 1) perTenant.remove(tenant);
    else perTenant.put(tenant, held - 1);
  }

  public synchronized int held() {
    return total;
  }
}
