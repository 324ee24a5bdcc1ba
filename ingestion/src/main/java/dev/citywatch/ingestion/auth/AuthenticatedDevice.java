package dev.citywatch.ingestion.auth;

import dev.citywatch.model.inventory.Device;

/** Who is on the other end of a connection, once the password checked out. */
public record AuthenticatedDevice(String tenant, Device device) {
  public String deviceId() {
    return device.id();
  }

  public boolean owns(String topicTenant, String topicDevice) {
    return tenant.equals(topicTenant) && device.id().equals(topicDevice);
  }
}
