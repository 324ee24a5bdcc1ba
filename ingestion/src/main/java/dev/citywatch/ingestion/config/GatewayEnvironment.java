package dev.citywatch.ingestion.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a gateway's configuration from environment variables (container deployments), checking
 * all of them before complaining, so one start-up names every mistake.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>CITYWATCH_KAFKA_BOOTSTRAP</td><td>required</td></tr>
 *   <tr><td>CITYWATCH_INVENTORY</td><td>required, read by {@code Gateway.main}: no default inventory, no default passwords</td></tr>
 *   <tr><td>CITYWATCH_GATEWAY_ID</td><td>default gw-1</td></tr>
 *   <tr><td>CITYWATCH_MQTT_PORT</td><td>default 1883</td></tr>
 *   <tr><td>CITYWATCH_OPS_PORT</td><td>default 8080; -1 turns it off</td></tr>
 *   <tr><td>CITYWATCH_WS_PORT</td><td>default -1 (off); e.g. 8083</td></tr>
 *   <tr><td>CITYWATCH_TLS_PORT, CITYWATCH_TLS_CERT, CITYWATCH_TLS_KEY</td><td>all three, or none</td></tr>
 *   <tr><td>CITYWATCH_TLS_DEVICE_CA</td><td>optional: allows device certificates (mTLS)</td></tr>
 *   <tr><td>CITYWATCH_DRAIN_SECONDS</td><td>default 10</td></tr>
 * </table>
 */
public final class GatewayEnvironment {
  private GatewayEnvironment() {}

  public static GatewayConfig read(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Optional<String> bootstrap = Optional.ofNullable(env.get("CITYWATCH_KAFKA_BOOTSTRAP")).filter(s -> !s.isBlank());
    if (bootstrap.isEmpty()) problems.add("CITYWATCH_KAFKA_BOOTSTRAP is required (host:port of the Kafka brokers)");
    int mqttPort = integer(env, "CITYWATCH_MQTT_PORT", 1883, problems);
    int opsPort = integer(env, "CITYWATCH_OPS_PORT", 8080, problems);
    int wsPort = integer(env, "CITYWATCH_WS_PORT", -1, problems);
    int drain = integer(env, "CITYWATCH_DRAIN_SECONDS", 10, problems);
    String id = env.getOrDefault("CITYWATCH_GATEWAY_ID", "gw-1");
    String host = env.getOrDefault("CITYWATCH_BIND_HOST", "0.0.0.0");
    Optional<TlsSettings> tls = tls(env, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid gateway environment: " + String.join("; ", problems));
    }
    GatewayConfig defaults = GatewayConfig.defaults(bootstrap.get(), mqttPort, opsPort);
    return new GatewayConfig(id, host, mqttPort, defaults.kafka(), defaults.limits(), defaults.gatewayLimits(), opsPort,
        tls, wsPort, Duration.ofSeconds(drain));
  }

  private static Optional<TlsSettings> tls(Map<String, String> env, List<String> problems) {
    List<String> names = List.of("CITYWATCH_TLS_PORT", "CITYWATCH_TLS_CERT", "CITYWATCH_TLS_KEY");
    long set = names.stream().filter(env::containsKey).count();
    if (set == 0) return Optional.empty();
    if (set < names.size()) {
      problems.add("TLS needs all of " + String.join(", ", names));
      return Optional.empty();
    }
    int port = integer(env, "CITYWATCH_TLS_PORT", 8883, problems);
    Function<String, Path> path = name -> Path.of(env.get(name));
    try {
      return Optional.of(new TlsSettings(port, path.apply("CITYWATCH_TLS_CERT"), path.apply("CITYWATCH_TLS_KEY"),
          Optional.ofNullable(env.get("CITYWATCH_TLS_DEVICE_CA")).map(Path::of)));
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return Optional.empty();
    }
  }

  private static int integer(Map<String, String> env, String name, int fallback, List<String> problems) {
    String value = env.get(name);
    if (value == null || value.isBlank()) return fallback;
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      problems.add(name + " must be a number, got '" + value + "'");
      return fallback;
    }
  }
}
