package dev.citywatch.alerting.console;

import dev.citywatch.model.auth.PasswordHash;
import dev.citywatch.model.inventory.ApiToken;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.Region;
import dev.citywatch.model.inventory.Tenant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the bearer tokens of the ack API and console against the inventory's salted hashes. A
 * tenant's token sees that tenant; a region's token sees its member tenants. PBKDF2 is slow on
 * purpose, so checks run off the event loop and a token once verified is remembered (by its
 * SHA-256, never in clear) for the life of the process.
 */
public final class ApiTokens {
  /** Who is calling: the token's name, the tenant or region it belongs to, and the tenants it may see. */
  public record Principal(String token, String scope, Set<String> tenants) {
    public Principal {
      tenants = Set.copyOf(tenants);
    }
  }

  private record Entry(ApiToken token, String scope, Set<String> tenants) {}

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, Principal> verified = new ConcurrentHashMap<>();

  public ApiTokens(Inventory inventory) {
    for (Tenant t : inventory.tenants()) {
      t.apiTokens().forEach(k -> entries.add(new Entry(k, t.id(), Set.of(t.id()))));
    }
    for (Region r : inventory.regions()) {
      r.apiTokens().forEach(k -> entries.add(new Entry(k, r.id(), Set.copyOf(r.tenants()))));
    }
  }

  /** The principal of an {@code Authorization: Bearer …} header value; empty when it is not a known token. */
  public Future<Optional<Principal>> authenticate(Vertx vertx, String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.succeededFuture(Optional.empty());
    }
    String token = authorization.substring(7).strip();
    if (token.isEmpty() || token.length() > 256) return Future.succeededFuture(Optional.empty());
    String digest = sha256(token);
    Principal known = verified.get(digest);
    if (known != null) return Future.succeededFuture(Optional.of(known));
    return vertx.executeBlocking(() -> {
      for (Entry e : entries) {
        if (PasswordHash.verify(token.toCharArray(), e.token().tokenHash())) {
          Principal p = new Principal(e.token().name(), e.scope(), e.tenants());
          verified.put(digest, p);
          return Optional.of(p);
        }
      }
      return Optional.<Principal>empty();
    }, false);
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
