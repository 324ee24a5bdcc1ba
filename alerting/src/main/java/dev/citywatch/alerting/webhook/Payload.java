package dev.citywatch.alerting.webhook;

/** A request body and its media type. */
public record Payload(byte[] body, String contentType) {
  public static final String JSON = "application/json";
  public static final String CAP = "application/cap+xml";
}
