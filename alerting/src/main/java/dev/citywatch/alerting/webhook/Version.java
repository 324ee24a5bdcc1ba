package dev.citywatch.alerting.webhook;

/** The CityWatch version sent in {@code User-Agent}. */
final class Version {
  static final String CURRENT = "0.1.0";

  private Version() {}
}
