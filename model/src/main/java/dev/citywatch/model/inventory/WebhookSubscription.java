package dev.citywatch.model.inventory;

import dev.citywatch.model.AlertKind;
import dev.citywatch.model.GeoPoint;
import dev.citywatch.model.Severity;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where to send alerts, which ones, and in which format.
 *
 * @param secretRefs where the signing secrets live, current first: {@code env:NAME} or
 *     {@code file:PATH}, never a secret itself; a second one is the previous secret during a
 *     rotation (requests then carry two signatures)
 * @param districts only alerts in these districts (empty: anywhere)
 * @param area only alerts located inside this polygon (empty: anywhere)
 * @param headers extra request headers, e.g. a receiver's routing key
 */
public record WebhookSubscription(
    String id,
    URI url,
    List<String> secretRefs,
    Set<AlertKind> kinds,
    Severity minSeverity,
    Format format,
    Set<String> districts,
    List<GeoPoint> area,
    Map<String, String> headers) {

  public enum Format {
    JSON,
    CAP
  }

  public WebhookSubscription {
    secretRefs = List.copyOf(secretRefs);
    if (secretRefs.isEmpty() || secretRefs.size() > 2) {
      throw new IllegalArgumentException("a subscription has one secret, or two during a rotation; got " + secretRefs.size());
    }
    kinds = Set.copyOf(kinds);
    districts = Set.copyOf(districts);
    area = List.copyOf(area);
    if (!area.isEmpty() && area.size() < 3) {
      throw new IllegalArgumentException("an area polygon needs at least 3 corners, got " + area.size());
    }
    headers = java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
  }

  public boolean wants(AlertKind kind, Severity severity) {
    return kinds.contains(kind) && severity.atLeast(minSeverity);
  }
}
