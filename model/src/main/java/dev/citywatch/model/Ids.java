package dev.citywatch.model;

import java.util.regex.Pattern;

/** The one rule for tenant, device, segment and river ids, so that topics and keys stay parseable. */
public final class Ids {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private Ids() {}

  public static boolean isValid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Throws with the field's name when {@code id} breaks the rule; for compact constructors. */
  public static String require(String field, String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          field + " must be 1-64 lower-case letters, digits or '-', starting with a letter or digit, got '" + id + "'");
    }
    return id;
  }
}
