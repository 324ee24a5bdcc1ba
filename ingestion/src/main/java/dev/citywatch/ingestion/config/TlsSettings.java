package dev.citywatch.ingestion.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The MQTT-over-TLS listener (conventionally port 8883). Only TLS 1.2 and 1.3 are offered.
 *
 * @param port 0 picks a free port (tests)
 * @param certificateChain PEM file: the gateway's certificate, then any intermediates
 * @param privateKey PEM file: the gateway's private key (PKCS#8 or PKCS#1)
 * @param deviceCa PEM file of the CA that signs device certificates; when given, devices may log
 *     in with a client certificate (mTLS) instead of a password
 */
public record TlsSettings(int port, Path certificateChain, Path privateKey, Optional<Path> deviceCa) {
  public static final List<String> PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

  public TlsSettings {
    List<String> problems = new ArrayList<>();
    if (port < 0 || port > 65_535) problems.add("TLS port must be 0-65535, got " + port);
    requireReadable(problems, "TLS certificate chain", certificateChain);
    requireReadable(problems, "TLS private key", privateKey);
    deviceCa = deviceCa == null ? Optional.empty() : deviceCa;
    deviceCa.ifPresent(ca -> requireReadable(problems, "device CA", ca));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid TLS settings: " + String.join("; ", problems));
    }
  }

  public TlsSettings withPort(int newPort) {
    return new TlsSettings(newPort, certificateChain, privateKey, deviceCa);
  }

  private static void requireReadable(List<String> problems, String what, Path file) {
    if (file == null) {
      problems.add(what + " is required");
    } else if (!Files.isReadable(file)) {
      problems.add(what + " " + file + " is not a readable file");
    }
  }
}
