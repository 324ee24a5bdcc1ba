package dev.citywatch.sim.load;

import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.SensorKind;
import dev.citywatch.model.Topics;
import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Device;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

  /**
   * The first {@code count} devices of the inventory that send CityWatch JSON, tenant by tenant, in
   * id order. For an open broker ({@code authenticate} false) identities beyond the inventory are
   * made up, since nobody checks them.
   */
  public static List<LoadDevice> pick(Inventory inventory, FleetCredentials fleet, int count, boolean authenticate) {
    return pick(inventory, fleet, count, authenticate, Optional.empty(), Optional.empty());
  }

  /** As above, only devices of {@code tenant} and of {@code kind} when given. */
  public static List<LoadDevice> pick(Inventory inventory, FleetCredentials fleet, int count, boolean authenticate, Optional<String> tenantId,
                                      Optional<SensorKind> kind) {
    List<LoadDevice> out = new ArrayList<>();
    for (Tenant tenant : inventory.tenants()) {
      if (tenantId.isPresent() && !tenantId.get().equals(tenant.id())) continue;
      List<Device> devices = tenant.devices().stream()
          .filter(d -> d.format() == PayloadFormat.JSON && kind.map(k -> k == d.kind()).orElse(true))
          .sorted(Comparator.comparing(Device::id)).toList();
      for (Device d : devices) {
        if (out.size() == count) return out;
        out.add(new LoadDevice(tenant.id(), d, fleet.password(tenant.id(), d.id())));
      }
    }
    for (int n = 1; !authenticate && out.size() < count; n++) {
      String id = String.format(Locale.ROOT, "load-aq-%06d", n);
      out.add(new LoadDevice("loadtest", new Device(id, SensorKind.AIR_QUALITY, PayloadFormat.JSON, new GeoPoint(37.35, 127.95), "-",
          Duration.ofSeconds(10), "", Optional.empty(), Optional.empty(), Optional.empty()), new char[0]));
    }
    if (out.size() < count) {
      throw new IllegalArgumentException("the inventory has " + out.size() + " devices that send CityWatch JSON, " + count
          + " connections were asked for; make a bigger one with: ./citywatch gen-inventory --load-devices " + count
          + " --out var/load-inventory.yaml");
    }
    return out;
  }
}
