package dev.citywatch.sim.world;

import dev.citywatch.model.Reading;
import dev.citywatch.model.inventory.Device;
import java.time.Instant;
import java.util.List;

/** One message a simulated device sends: its sequence number, simulated time and readings. */
public record SimMessage(String tenant, Device device, long seq, Instant time, List<Reading> readings) {
  public SimMessage {
    readings = List.copyOf(readings);
  }
}
