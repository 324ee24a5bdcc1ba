package dev.citywatch.alerting.subscription;

import dev.citywatch.model.Alert;
import dev.citywatch.model.AlertKind;
import dev.citywatch.model.inventory.WebhookSubscription;
import java.util.List;
import java.util.Set;

/**
 * A webhook subscription ready to use: whose it is ({@code owner}, a tenant or a region), which
 * tenants' alerts it may see, and its resolved secrets (current first).
 */
public record Subscriber(WebhookSubscription subscription, String owner, Set<String> tenants, List<String> secrets) {
  /** Alerts about a whole city, not a spot in it: district and area filters let them through. */
  private static final Set<AlertKind> CITY_WIDE = Set.of(AlertKind.EARTHQUAKE, AlertKind.AIR_QUALITY);

  public Subscriber {
    tenants = Set.copyOf(tenants);
    secrets = List.copyOf(secrets);
    if (secrets.isEmpty()) throw new IllegalArgumentException("subscription " + subscription.id() + " has no secret");
  }

  public String id() {
    return subscription.id();
  }

  /** Whether this subscriber gets {@code alert}: its tenant, kind, severity and place. */
  public boolean wants(Alert alert) {
    if (!tenants.contains(alert.tenant())) return false;
    if (!subscription.wants(alert.kind(), alert.severity())) return false;
    if (CITY_WIDE.contains(alert.kind())) return true;
    if (!subscription.districts().isEmpty() && !subscription.districts().contains(alert.area())) return false;
    return subscription.area().isEmpty() || (alert.location() != null && Polygon.contains(subscription.area(), alert.location()));
  }
}
