package dev.citywatch.model.inventory;

import java.util.List;

/**
 * A province (광역) that may view several tenants side by side, with webhooks and API tokens of its
 * own that see every member tenant's alerts.
 */
public record Region(
    String id, String name, String nameEn, List<String> tenants, List<WebhookSubscription> webhooks, List<ApiToken> apiTokens) {
  public Region {
    tenants = List.copyOf(tenants);
    webhooks = List.copyOf(webhooks);
    apiTokens = List.copyOf(apiTokens);
  }
}
