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
  // Looked up for every reading by the jobs: by tenant, then id, so a lookup builds no key string.
  private final Map<String, Map<String, Device>> devices = new HashMap<>();
  private final Map<String, Map<String, RoadSegment>> segments = new HashMap<>();
  private int deviceCount;

  public Inventory(List<Tenant> tenants, List<Region> regions) {
    this.tenants = List.copyOf(tenants);
    this.regions = List.copyOf(regions);
    for (Tenant t : this.tenants) {
      tenantsById.put(t.id(), t);
      Map<String, Device> byId = devices.computeIfAbsent(t.id(), id -> new HashMap<>());
      t.devices().forEach(d -> byId.put(d.id(), d));
      deviceCount += t.devices().size();
      Map<String, RoadSegment> segmentsById = segments.computeIfAbsent(t.id(), id -> new HashMap<>());
      t.roadSegments().forEach(r -> segmentsById.put(r.id(), r));
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
    return Optional.ofNullable(devices.getOrDefault(tenant, Map.of()).get(deviceId));
  }

  public Optional<RoadSegment> segment(String tenant, String segmentId) {
    return Optional.ofNullable(segments.getOrDefault(tenant, Map.of()).get(segmentId));
  }

  public int deviceCount() {
    return deviceCount;
  }
}
