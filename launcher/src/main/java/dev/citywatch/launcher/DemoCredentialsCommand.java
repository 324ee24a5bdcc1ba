package dev.citywatch.launcher;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.ApiToken;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import dev.citywatch.model.inventory.WebhookSubscription;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo-credentials}: the demo's console and API tokens and webhook signing secrets, derived
 * from {@code inventory/simulated-fleet.key} as the demo derives them. Printed on request only, to
 * standard output, so that they never land in the demo's console or logs (as {@code sim password}
 * does for devices).
 */
@Command(name = "demo-credentials", mixinStandardHelpOptions = true,
    description = {"Prints the simulated city's duty-console/API tokens and webhook signing secrets (all of them, or one).",
        "Examples: ./citywatch demo-credentials",
        "          ./citywatch webhook-receiver --secret \"$(./citywatch demo-credentials --secret wonju-disaster-office)\""})
final class DemoCredentialsCommand implements Callable<Integer> {
  @ArgGroup(exclusive = true)
  One one;

  static final class One {
    @Option(names = "--token", paramLabel = "NAME", description = "Print only this API token (e.g. wonju-duty-desk).")
    String token;

    @Option(names = "--secret", paramLabel = "SUBSCRIPTION", description = "Print only this subscription's signing secret.")
    String secret;

    @Option(names = "--secrets", description = "Print every subscription's signing secret, one a line (for a receiver's arguments).")
    boolean secrets;
  }

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Inventory inventory = InventoryLoader.loadDefault();
    FleetCredentials keys = FleetCredentials.development();
    if (one != null && one.token != null) {
      return printOne(scopes(inventory).stream().flatMap(s -> s.tokens().stream().filter(t -> t.name().equals(one.token))
          .map(t -> new String(keys.apiToken(s.id(), t.name())))).findFirst(), "API token '" + one.token + "'");
    }
    if (one != null && one.secret != null) {
      return printOne(scopes(inventory).stream().flatMap(s -> s.webhooks().stream()).filter(w -> w.id().equals(one.secret))
          .map(w -> keys.webhookSecret(w.id())).findFirst(), "webhook subscription '" + one.secret + "'");
    }
    if (one != null && one.secrets) {
      scopes(inventory).forEach(s -> s.webhooks().forEach(w -> out.println(keys.webhookSecret(w.id()))));
      return 0;
    }
    out.println("# The simulated city's credentials (inventory/simulated-fleet.key). They open only the demo.");
    out.println("# Console: http://127.0.0.1:8082/console/ — paste a token. API: Authorization: Bearer <token>.");
    out.println("# Webhooks: X-CityWatch-Signature: t=<unix s>,v1=hex(HMAC-SHA256(secret, \"<t>.<body>\")) (docs/webhooks.md).");
    for (Scope s : scopes(inventory)) {
      out.printf("%n%s (%s)%n", s.name(), s.id());
      s.tokens().forEach(t -> out.printf("  token   %-28s %s%n", t.name(), new String(keys.apiToken(s.id(), t.name()))));
      s.webhooks().forEach(w -> out.printf("  webhook %-28s %s  (%s, %s)%n", w.id(), keys.webhookSecret(w.id()), w.format(),
          w.url().getPath()));
    }
    return 0;
  }

  private int printOne(Optional<String> value, String what) {
    if (value.isEmpty()) {
      System.err.println("no " + what + " in the simulated city's inventory (./citywatch demo-credentials lists them)");
      return 2;
    }
    out.println(value.get());
    return 0;
  }

  /** A tenant or a region: who owns tokens and subscriptions. */
  private record Scope(String id, String name, List<ApiToken> tokens, List<WebhookSubscription> webhooks) {}

  private static List<Scope> scopes(Inventory inventory) {
    return java.util.stream.Stream.concat(
        inventory.tenants().stream().map(t -> new Scope(t.id(), t.name(), t.apiTokens(), t.webhooks())),
        inventory.regions().stream().map(r -> new Scope(r.id(), r.name(), r.apiTokens(), r.webhooks()))).toList();
  }
}
