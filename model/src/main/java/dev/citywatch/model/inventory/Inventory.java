package dev.citywatch.model.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the system knows about the cities it serves; built by {@link InventoryLoader}. */
public final class Inventory {
  private final List<Tenant> tenants;
  private final List<Region> regions;
  private final Map<String, Tenant> tenantsById = new HashMap<>();
  private final Map<String, Device> devicesByKey = new HashMap<>();

  public Inventory(List<Tenant> tenants, List<Region> regions) {
    this.tenants = List.copyOf(tenants);
    this.regions = List.copyOf(regions);
    for (Tenant t : this.tenants) {
      tenantsById.put(t.id(), t);
      for (Device d : t.devices()) {
        devicesByKey.put(t.id() + "/" + d.id(), d);
      }
    }
  }

  public List<Tenant> tenants() {
    return tenants;
  }

  public List<Region> regions() {
    return regions;
  }

  public Optional<Tenant> tenant(String id) {
    return Optional.ofNullable(tenantsById.get(id));
  }

  public Optional<Device> device(String tenant, String deviceId) {
    return Optional.ofNullable(devicesByKey.get(tenant + "/" + deviceId));
  }

  public int deviceCount() {
    return devicesByKey.size();
  }
}
