package dev.citywatch.sim.fleet;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.citywatch.model.wire.WireJson;
import java.nio.charset.StandardCharsets;

/** What a fleet run did. */
@JsonPropertyOrder({"scenario", "seed", "speed", "devices", "connected", "mqtt5", "mqtt311", "published", "acked", "failed",
    "wall_seconds", "simulated_seconds", "ground_truth"})
public record FleetReport(
    @JsonProperty("scenario") String scenario,
    @JsonProperty("seed") long seed,
    @JsonProperty("speed") double speed,
    @JsonProperty("devices") int devices,
    @JsonProperty("connected") int connected,
    @JsonProperty("mqtt5") int mqtt5,
    @JsonProperty("mqtt311") int mqtt311,
    @JsonProperty("published") long published,
    @JsonProperty("acked") long acked,
    @JsonProperty("failed") long failed,
    @JsonProperty("wall_seconds") double wallSeconds,
    @JsonProperty("simulated_seconds") double simulatedSeconds,
    @JsonProperty("ground_truth") String groundTruth) {

  public String json() {
    return new String(WireJson.write(this), StandardCharsets.UTF_8);
  }
}
