package dev.citywatch.jobs.common;

import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import java.util.HashMap;
import java.util.Map;

/**
 * The InfluxDB tags of a device's points (docs/storage.md): tenant, device, kind, district, and
 * the road segment or river where the device has one. A device missing from the inventory (the
 * gateway would not have let it in) gets tenant, device and kind only.
 */
public final class DeviceTags {
  private DeviceTags() {}

  public static Map<String, String> of(Inventory inventory, String tenant, String deviceId, String kind) {
    Map<String, String> tags = new HashMap<>();
    tags.put("tenant", tenant);
    tags.put("device", deviceId);
    tags.put("kind", kind);
    inventory.device(tenant, deviceId).ifPresent(d -> add(tags, d));
    return tags;
  }

  private static void add(Map<String, String> tags, Device d) {
    tags.put("district", d.district());
    d.segment().ifPresent(s -> tags.put("segment", s));
    d.river().ifPresent(r -> tags.put("river", r));
  }
}
