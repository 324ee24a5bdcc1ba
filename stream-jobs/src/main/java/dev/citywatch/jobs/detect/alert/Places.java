package dev.citywatch.jobs.detect.alert;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.River;
import dev.citywatch.model.inventory.RoadSegment;
import dev.citywatch.model.inventory.Tenant;
import java.util.Optional;

/** Where an alert is, in words and coordinates, from the inventory. */
public final class Places {
  private Places() {}

  public static Device device(Inventory inventory, String tenant, String deviceId) {
    return inventory.device(tenant, deviceId)
        .orElseThrow(() -> new IllegalStateException("device " + tenant + "/" + deviceId + " is not in the inventory"));
  }

  public static Tenant tenant(Inventory inventory, String tenant) {
    return inventory.tenant(tenant).orElseThrow(() -> new IllegalStateException("tenant " + tenant + " is not in the inventory"));
  }

  public static RoadSegment segment(Inventory inventory, String tenant, String segment) {
    return inventory.segment(tenant, segment)
        .orElseThrow(() -> new IllegalStateException("segment " + segment + " of " + tenant + " is not in the inventory"));
  }

  /** The middle of a road segment. */
  public static GeoPoint middle(RoadSegment s) {
    return new GeoPoint((s.from().lat() + s.to().lat()) / 2, (s.from().lon() + s.to().lon()) / 2);
  }

  public static Optional<River> river(Inventory inventory, String tenant, Device gauge) {
    return gauge.river().flatMap(r -> tenant(inventory, tenant).river(r));
  }
}
