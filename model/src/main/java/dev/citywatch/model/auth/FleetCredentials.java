package dev.citywatch.model.auth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Device passwords of a simulated fleet, derived from one fleet key with HMAC-SHA256, so that the
 * inventory holds only hashes and the simulator needs one secret instead of a list of them.
 *
 * <p>The committed {@code simulated-fleet.key} opens only the simulated Wonju and Hoengseong
 * devices of the committed inventory. A real deployment provisions its own devices and inventory.
 */
public final class FleetCredentials {
  /** Class-path location of the development fleet key of the committed inventory. */
  public static final String DEVELOPMENT_KEY_RESOURCE = "citywatch/inventory/simulated-fleet.key";

  private final byte[] key;

  public FleetCredentials(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("a fleet key has at least 32 bytes, got " + key.length);
    }
    this.key = key.clone();
  }

  /** Reads a key file: one line of base64. */
  public static FleetCredentials fromFile(Path file) throws IOException {
    return fromBase64(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  public static FleetCredentials development() {
    try (InputStream in = FleetCredentials.class.getClassLoader().getResourceAsStream(DEVELOPMENT_KEY_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing class-path resource " + DEVELOPMENT_KEY_RESOURCE);
      }
      return fromBase64(new String(in.readAllBytes(), StandardCharsets.US_ASCII), DEVELOPMENT_KEY_RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEVELOPMENT_KEY_RESOURCE, e);
    }
  }

  private static FleetCredentials fromBase64(String text, String source) {
    try {
      return new FleetCredentials(Base64.getDecoder().decode(text.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": not a base64 fleet key: " + e.getMessage(), e);
    }
  }

  /** The password of one device: 24 URL-safe characters (144 bits). */
  public char[] password(String tenant, String deviceId) {
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("password:" + tenant + "/" + deviceId));
    return encoded.substring(0, 24).toCharArray();
  }

  /** A deterministic per-device salt, so that regenerating the inventory changes nothing. */
  public byte[] salt(String tenant, String deviceId) {
    return Arrays.copyOf(hmac("salt:" + tenant + "/" + deviceId), 16);
  }

  /**
   * The API token {@code name} of a tenant or region of the simulated city (console and ack API),
   * 32 URL-safe characters; the inventory holds its hash, salted with {@link #salt}{@code (scope, "token/" + name)}.
   */
  public char[] apiToken(String scope, String name) {
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("api-token:" + scope + "/" + name));
    return ("cwt_" + encoded.substring(0, 32)).toCharArray();
  }

  /** The signing secret of a webhook subscription of the simulated city (demo and tests). */
  public String webhookSecret(String subscriptionId) {
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac("webhook-secret:" + subscriptionId));
  }

  private byte[] hmac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
    }
  }
}
