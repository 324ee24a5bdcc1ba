package dev.citywatch.model;

import java.util.Objects;

/**
 * A key scoped by tenant, {@code tenant/id}: a device ({@code wonju/wonju-fr-001}) or a road
 * segment ({@code wonju/wonil-nb-3}). Kafka keys records by it, so all records of one device land
 * in one partition, in order; the jobs key their state by it.
 */
public record TenantKey(String tenant, String id) {
  private static final char SEPARATOR = '/';

  public TenantKey {
    if (tenant == null || tenant.isEmpty() || tenant.indexOf(SEPARATOR) >= 0) {
      throw new IllegalArgumentException("a tenant is a non-empty name without '/', got '" + tenant + "'");
    }
    Objects.requireNonNull(id, "id");
    if (id.isEmpty()) throw new IllegalArgumentException("the id of a key of tenant '" + tenant + "' is empty");
  }

  /** The key of {@code id} in {@code tenant} as a string. */
  public static String of(String tenant, String id) {
    return tenant + SEPARATOR + id;
  }

  /** The tenant and id of a key made by {@link #of}. */
  public static TenantKey parse(String key) {
    int slash = key.indexOf(SEPARATOR);
    if (slash < 0) throw new IllegalArgumentException("not a tenant/id key: '" + key + "'");
    return new TenantKey(key.substring(0, slash), key.substring(slash + 1));
  }

  @Override
  public String toString() {
    return of(tenant, id);
  }
}
