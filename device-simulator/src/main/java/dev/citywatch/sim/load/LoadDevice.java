package dev.citywatch.sim.load;

import dev.citywatch.model.Topics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.Tenant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A device a load connection speaks for: its identity, credentials and topic. */
public record LoadDevice(String tenant, Device device, char[] password) {

  String username() {
    return Topics.username(tenant, device.id());
  }

  String topic() {
    return Topics.telemetryTopic(tenant, device.id());
  }

  String clientId() {
    return "load-" + tenant + "-" + device.id();
  }

  /** The first {@code count} devices of the inventory that send CityWatch JSON, tenant by tenant, in id order. */
  public static List<LoadDevice> pick(Inventory inventory, FleetCredentials fleet, int count) {
    List<LoadDevice> out = new ArrayList<>();
    for (Tenant tenant : inventory.tenants()) {
      List<Device> devices = tenant.devices().stream()
          .filter(d -> d.format() == dev.citywatch.model.PayloadFormat.JSON)
          .sorted(Comparator.comparing(Device::id)).toList();
      for (Device d : devices) {
        if (out.size() == count) return out;
        out.add(new LoadDevice(tenant.id(), d, fleet.password(tenant.id(), d.id())));
      }
    }
    if (out.size() < count) {
      throw new IllegalArgumentException("the inventory has " + out.size() + " devices that send CityWatch JSON, " + count
          + " connections were asked for; make a bigger one with: ./citywatch gen-inventory --load-devices " + count
          + " --out var/load-inventory.yaml");
    }
    return out;
  }
}
