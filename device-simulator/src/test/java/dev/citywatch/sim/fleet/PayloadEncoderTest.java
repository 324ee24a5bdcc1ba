package dev.citywatch.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.citywatch.model.PayloadFormat;
import dev.citywatch.model.decode.DecodeContext;
import dev.citywatch.model.decode.DecodeLimits;
import dev.citywatch.model.decode.DecodedTelemetry;
import dev.citywatch.model.decode.TelemetryDecoder;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.sim.scenario.ScenarioLoader;
import dev.citywatch.sim.world.MessageStream;
import dev.citywatch.sim.world.SimMessage;
import dev.citywatch.sim.world.World;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PayloadEncoderTest {
  @Test
  void everyKindAndFormatDecodesWithTheGatewaysDecodersToTheSameReadings() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    World world = new World(inventory, ScenarioLoader.load("earthquake-m5", inventory), 3);
    MessageStream stream = new MessageStream(world, world.tenant().devices(), 3);
    Set<dev.citywatch.model.SensorKind> seen = EnumSet.noneOf(dev.citywatch.model.SensorKind.class);
    Set<PayloadFormat> formats = EnumSet.noneOf(PayloadFormat.class);
    int checked = 0;
    while (stream.hasNext() && checked < 3_000) {
      SimMessage m = stream.next();
      TelemetryDecoder decoder = TelemetryDecoder.forFormat(m.device().format(), DecodeLimits.DEFAULT);
      DecodedTelemetry decoded = decoder.decode(PayloadEncoder.encode(m),
          new DecodeContext(m.tenant(), m.device().id(), m.device().kind(), m.time()));
      assertThat(decoded.sequence()).isEqualTo(m.seq());
      assertThat(decoded.readings()).as(m.device().id()).isEqualTo(m.readings());
      seen.add(m.device().kind());
      formats.add(m.device().format());
      checked++;
    }
    assertThat(seen).hasSize(dev.citywatch.model.SensorKind.values().length);
    assertThat(formats).containsExactlyInAnyOrder(PayloadFormat.values());
  }
}
