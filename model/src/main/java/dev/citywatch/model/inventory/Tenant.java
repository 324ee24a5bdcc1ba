package dev.citywatch.model.inventory;

import java.util.List;
import java.util.Optional;

/** A city or county (지자체) and everything it runs: districts, rivers, roads, devices, webhooks. */
public record Tenant(
    String id,
    String name,
    String nameEn,
    Bounds bounds,
    List<String> districts,
    List<River> rivers,
    List<RoadSegment> roadSegments,
    List<Device> devices,
    List<WebhookSubscription> webhooks,
    List<ApiToken> apiTokens) {

  public Tenant {
    districts = List.copyOf(districts);
    rivers = List.copyOf(rivers);
    roadSegments = List.copyOf(roadSegments);
    devices = List.copyOf(devices);
    webhooks = List.copyOf(webhooks);
    apiTokens = List.copyOf(apiTokens);
  }

  public Optional<Device> device(String deviceId) {
    return devices.stream().filter(d -> d.id().equals(deviceId)).findFirst();
  }

  public Optional<RoadSegment> segment(String segmentId) {
    return roadSegments.stream().filter(s -> s.id().equals(segmentId)).findFirst();
  }

  public Optional<River> river(String riverId) {
    return rivers.stream().filter(r -> r.id().equals(riverId)).findFirst();
  }
}
