package dev.citywatch.alerting.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-CityWatch-Signature} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">}, with one {@code v1} per active secret (two during a rotation). Signing the time
 * with the body lets a receiver refuse replays of an old request.
 */
public final class Signature {
  public static final String HEADER = "X-CityWatch-Signature";
  /** How far a receiver accepts the signed time from its own clock, either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private Signature() {}

  /** The header value for {@code body} signed at {@code time} with each of {@code secrets}. */
  public static String header(List<String> secrets, Instant time, byte[] body) {
    if (secrets.isEmpty()) throw new IllegalArgumentException("no signing secret");
    long t = time.getEpochSecond();
    StringBuilder out = new StringBuilder("t=").append(t);
    for (String secret : secrets) {
      out.append(",v1=").append(HexFormat.of().formatHex(hmac(secret, t, body)));
    }
    return out.toString();
  }

  /** Why a request's signature was not accepted; {@link #OK} when it was. */
  public enum Verdict {
    OK,
    MISSING,
    MALFORMED,
    STALE,
    MISMATCH
  }

  /**
   * Checks a received header against the receiver's secret(s): some {@code v1} must match one of
   * them, and {@code t} must lie within {@code tolerance} of {@code now}.
   */
  public static Verdict verify(String header, byte[] body, List<String> secrets, Instant now, Duration tolerance) {
    if (header == null || header.isBlank()) return Verdict.MISSING;
    Long t = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq < 0) return Verdict.MALFORMED;
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      try {
        if (key.equals("t")) {
          t = Long.parseLong(value);
        } else if (key.equals("v1")) {
          signatures.add(HexFormat.of().parseHex(value));
        }
      } catch (IllegalArgumentException e) {
        return Verdict.MALFORMED;
      }
    }
    if (t == null || signatures.isEmpty()) return Verdict.MALFORMED;
    if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) return Verdict.STALE;
    for (String secret : secrets) {
      byte[] expected = hmac(secret, t, body);
      for (byte[] given : signatures) {
        if (MessageDigest.isEqual(expected, given)) return Verdict.OK;
      }
    }
    return Verdict.MISMATCH;
  }

  private static byte[] hmac(String secret, long t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
