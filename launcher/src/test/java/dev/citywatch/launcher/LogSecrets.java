package dev.citywatch.launcher;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every secret of the committed inventory, as the simulated fleet's key derives them (device
 * passwords, API tokens, webhook signing secrets), and a scan of captured output for any of them:
 * a secret that reaches a log has leaked.
 */
public final class LogSecrets {
  private final Map<String, String> secrets = new LinkedHashMap<>(); // secret -> what it is

  public LogSecrets() throws Exception {
    FleetCredentials keys = FleetCredentials.development();
    Inventory inventory = InventoryLoader.loadDefault();
    inventory.tenants().forEach(t -> {
      t.devices().forEach(d -> secrets.put(new String(keys.password(t.id(), d.id())), "password of device " + d.id()));
      t.apiTokens().forEach(a -> secrets.put(new String(keys.apiToken(t.id(), a.name())), "API token " + a.name()));
      t.webhooks().forEach(w -> secrets.put(keys.webhookSecret(w.id()), "signing secret of webhook " + w.id()));
    });
    inventory.regions().forEach(r -> {
      r.apiTokens().forEach(a -> secrets.put(new String(keys.apiToken(r.id(), a.name())), "API token " + a.name()));
      r.webhooks().forEach(w -> secrets.put(keys.webhookSecret(w.id()), "signing secret of webhook " + w.id()));
    });
  }

  public int count() {
    return secrets.size();
  }

  /** "file: what leaked" for every secret found in the files under {@code roots} or in {@code texts}. */
  public List<String> leaks(List<Path> roots, Map<String, String> texts) throws IOException {
    Map<String, String> all = new LinkedHashMap<>(texts);
    for (Path root : roots) {
      if (!Files.exists(root)) continue;
      try (Stream<Path> files = Files.walk(root)) {
        for (Path f : files.filter(Files::isRegularFile).filter(LogSecrets::isLog).toList()) {
          all.put(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
        }
      }
    }
    List<String> leaks = new ArrayList<>();
    all.forEach((where, text) -> found(text).forEach(what -> leaks.add(where + ": " + what)));
    return leaks;
  }

  /**
   * The secrets inside {@code text}. Every secret is made of URL-safe Base64 characters, so the
   * text is cut into runs of those and each run's windows of a secret's length are looked up:
   * linear in the text, where a substring search per secret would be a few hundred passes.
   */
  private List<String> found(String text) {
    java.util.Set<Integer> lengths = new java.util.TreeSet<>();
    secrets.keySet().forEach(k -> lengths.add(k.length()));
    int shortest = lengths.iterator().next();
    List<String> found = new ArrayList<>();
    java.util.regex.Matcher runs = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{" + shortest + ",}").matcher(text);
    while (runs.find()) {
      String run = runs.group();
      for (int length : lengths) {
        for (int i = 0; i + length <= run.length(); i++) {
          String what = secrets.get(run.substring(i, i + length));
          if (what != null) found.add(what);
        }
      }
    }
    return found;
  }

  /** Logs of the services and servers; not Kafka's data segments, which are also named {@code *.log}. */
  private static boolean isLog(Path f) {
    String name = f.getFileName().toString();
    return (name.endsWith(".log") || name.endsWith(".out")) && !name.matches("\\d{20}\\.log");
  }
}
