package dev.citywatch.model.inventory;

import dev.citywatch.model.Ids;

/**
 * A bearer token for the alert API and console of one tenant or region, stored only as a salted
 * hash. {@code name} is who holds it (a duty desk, an operator); acknowledgements record it.
 */
public record ApiToken(String name, String tokenHash) {
  public ApiToken {
    Ids.require("api token name", name);
    if (tokenHash == null || tokenHash.isBlank()) {
      throw new IllegalArgumentException("api token '" + name + "' needs a token_hash");
    }
  }
}
