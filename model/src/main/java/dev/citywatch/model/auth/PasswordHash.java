package dev.citywatch.model.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes (the JDK's own implementation), stored as
 * {@code pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>}. The cost travels with the hash, so
 * it can be raised for new devices without touching old ones.
 */
public final class PasswordHash {
  public static final String SCHEME = "pbkdf2-sha256";
  private static final Pattern FORMAT =
      Pattern.compile("pbkdf2-sha256\\$(\\d{4,8})\\$([A-Za-z0-9+/]{16,}={0,2})\\$([A-Za-z0-9+/]{43}=)");
  private static final int KEY_BITS = 256;

  private PasswordHash() {}

  public static String hash(char[] password, byte[] salt, int iterations) {
    if (salt.length < 16) {
      throw new IllegalArgumentException("salt must be at least 16 bytes");
    }
    if (iterations < 1_000) {
      throw new IllegalArgumentException("at least 1000 iterations, got " + iterations);
    }
    Base64.Encoder b64 = Base64.getEncoder();
    return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Compares in constant time; a malformed stored hash never matches. */
  public static boolean verify(char[] password, String stored) {
    Matcher m = FORMAT.matcher(stored);
    if (!m.matches()) {
      return false;
    }
    int iterations = Integer.parseInt(m.group(1));
    byte[] salt = Base64.getDecoder().decode(m.group(2));
    byte[] expected = Base64.getDecoder().decode(m.group(3));
    return MessageDigest.isEqual(expected, derive(password, salt, iterations));
  }

  /** Whether {@code stored} has the form {@link #hash} writes; says nothing about any password. */
  public static boolean isWellFormed(String stored) {
    return stored != null && FORMAT.matcher(stored).matches();
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17 runtime", e);
    } finally {
      spec.clearPassword();
    }
  }
}
