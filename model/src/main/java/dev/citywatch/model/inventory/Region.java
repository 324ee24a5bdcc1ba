package dev.citywatch.model.inventory;

import java.util.List;

/** A province (광역) that may view several tenants side by side, with webhooks of its own. */
public record Region(String id, String name, String nameEn, List<String> tenants, List<WebhookSubscription> webhooks) {
  public Region {
    tenants = List.copyOf(tenants);
    webhooks = List.copyOf(webhooks);
  }
}
