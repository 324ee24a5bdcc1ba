package dev.citywatch.alerting.subscription;

import dev.citywatch.model.Alert;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.Region;
import dev.citywatch.model.inventory.Tenant;
import dev.citywatch.model.inventory.WebhookSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every webhook subscription of the inventory with its secrets. A tenant's subscriptions see only
 * that tenant's alerts; a region's see those of its member tenants.
 */
public final class SubscriptionDirectory {
  private final List<Subscriber> subscribers;

  public SubscriptionDirectory(List<Subscriber> subscribers) {
    this.subscribers = List.copyOf(subscribers);
  }

  /** Builds the directory, resolving every secret; names every subscription whose secret is missing. */
  public static SubscriptionDirectory of(Inventory inventory, Secrets secrets) {
    List<Subscriber> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Tenant t : inventory.tenants()) {
      for (WebhookSubscription s : t.webhooks()) {
        subscriber(s, t.id(), Set.of(t.id()), secrets, problems).ifPresent(out::add);
      }
    }
    for (Region r : inventory.regions()) {
      for (WebhookSubscription s : r.webhooks()) {
        subscriber(s, r.id(), Set.copyOf(r.tenants()), secrets, problems).ifPresent(out::add);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("webhook secrets missing: " + String.join("; ", problems));
    }
    return new SubscriptionDirectory(out);
  }

  private static Optional<Subscriber> subscriber(
      WebhookSubscription s, String owner, Set<String> tenants, Secrets secrets, List<String> problems) {
    List<String> resolved = new ArrayList<>();
    for (String ref : s.secretRefs()) {
      try {
        resolved.add(secrets.resolve(ref));
      } catch (IllegalArgumentException e) {
        problems.add(s.id() + ": " + e.getMessage());
      }
    }
    return resolved.size() == s.secretRefs().size() ? Optional.of(new Subscriber(s, owner, tenants, resolved)) : Optional.empty();
  }

  public List<Subscriber> all() {
    return subscribers;
  }

  public List<Subscriber> matching(Alert alert) {
    return subscribers.stream().filter(s -> s.wants(alert)).toList();
  }
}
