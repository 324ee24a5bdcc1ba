package dev.citywatch.model.inventory;

import dev.citywatch.model.AlertKind;
import dev.citywatch.model.Severity;
import java.net.URI;
import java.util.Set;

/**
 * Where to send alerts, which ones, and in which format.
 *
 * @param secretRef where the signing secret lives: {@code env:NAME} or {@code file:PATH}; never the
 *     secret itself
 */
public record WebhookSubscription(
    String id, URI url, String secretRef, Set<AlertKind> kinds, Severity minSeverity, Format format) {

  public enum Format {
    JSON,
    CAP
  }

  public WebhookSubscription {
    kinds = Set.copyOf(kinds);
  }

  public boolean wants(AlertKind kind, Severity severity) {
    return kinds.contains(kind) && severity.atLeast(minSeverity);
  }
}
