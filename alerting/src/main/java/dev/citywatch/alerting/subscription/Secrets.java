package dev.citywatch.alerting.subscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Resolves a secret reference of the inventory, {@code env:NAME} or {@code file:PATH}, to the
 * secret. The environment is injected so tests and the demo can supply their own.
 */
public final class Secrets {
  private final Map<String, String> env;

  public Secrets(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public String resolve(String ref) {
    if (ref.startsWith("env:")) {
      String name = ref.substring(4);
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("secret " + ref + " is not set (environment variable " + name + ")");
      }
      return value.strip();
    }
    if (ref.startsWith("file:")) {
      Path file = Path.of(ref.substring(5));
      try {
        String value = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) throw new IllegalArgumentException("secret " + ref + " is an empty file");
        return value;
      } catch (IOException e) {
        throw new IllegalArgumentException("secret " + ref + " cannot be read: " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException("not a secret reference: must be env:NAME or file:PATH");
  }
}
