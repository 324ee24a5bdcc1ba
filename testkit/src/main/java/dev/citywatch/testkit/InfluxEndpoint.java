package dev.citywatch.testkit;

/** A running InfluxDB (1.x HTTP API) and how it was obtained. */
public record InfluxEndpoint(String url, String mode) {}
