package dev.citywatch.sim.world;

import dev.citywatch.model.SensorKind;
import dev.citywatch.model.inventory.Device;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Every message of a run in simulated-time order. Device {@code d} sends message {@code k} (from 0)
 * at start + phase(d) + k × interval; the phase spreads devices of one interval over it (seismic
 * stations send on whole seconds). Silent devices (dropout, offline) skip their messages but keep
 * counting, so their sequence numbers show the gap.
 */
public final class MessageStream implements Iterator<SimMessage> {
  private final World world;
  private final Instant end;
  private final PriorityQueue<Slot> queue = new PriorityQueue<>(Comparator.comparing(Slot::time).thenComparing(s -> s.device.id()));
  private SimMessage next;

  private record Slot(Device device, long k, Instant time) {}

  public MessageStream(World world, Collection<Device> devices, long seed) {
    this.world = world;
    this.end = world.scenario().end();
    for (Device d : devices) {
      queue.add(new Slot(d, 0, timeOf(d, 0, world.scenario().start(), seed)));
    }
    advance();
  }

  /** The simulated time of message {@code k} of {@code device} (the same phase as in the stream). */
  public static Instant timeOf(Device device, long k, Instant start, long seed) {
    // A seismic pack covers the second before its time, so the first is sent one second in.
    long phase = device.kind() == SensorKind.SEISMIC ? device.interval().toMillis()
        : 1 + (long) (new Noise(seed).uniform("phase", device.id().hashCode()) * (device.interval().toMillis() - 1));
    return start.plusMillis(phase).plus(device.interval().multipliedBy(k));
  }

  private void advance() {
    next = null;
    while (next == null && !queue.isEmpty()) {
      Slot s = queue.poll();
      if (s.time.isAfter(end)) continue;
      queue.add(new Slot(s.device, s.k + 1, s.time.plus(s.device.interval())));
      if (world.sends(s.device, s.time)) {
        next = new SimMessage(world.tenant().id(), s.device, s.k + 1, s.time, world.readings(s.device, s.time));
      }
    }
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public SimMessage next() {
    if (next == null) throw new NoSuchElementException();
    SimMessage m = next;
    advance();
    return m;
  }

  /** How long the run lasts in simulated time. */
  public Duration duration() {
    return world.scenario().duration();
  }
}
