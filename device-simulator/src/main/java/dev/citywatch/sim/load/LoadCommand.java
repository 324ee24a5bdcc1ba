package dev.citywatch.sim.load;

import dev.citywatch.model.auth.FleetCredentials;
import dev.citywatch.model.inventory.Inventory;
import dev.citywatch.model.inventory.InventoryLoader;
import java.net.URI;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.nio.file.Path;
import java.time.Duration;
import dev.citywatch.model.SensorKind;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sim load}: MQTT load against the gateway or any broker, ending with one JSON line. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = {"Publishes telemetry as fast as allowed (or at --rate) from many connections and measures PUBLISH->PUBACK latency.",
        "Works against the CityWatch gateway and, with --no-auth, against any MQTT broker (e.g. mosquitto).",
        "Ends with one JSON line of the figures."})
public final class LoadCommand implements Callable<Integer> {
  @Option(names = "--target", defaultValue = "tcp://127.0.0.1:1883", description = "Broker URI (default: ${DEFAULT-VALUE}).")
  URI target;

  @Option(names = "--connections", defaultValue = "100", description = "Connections, one device each (default: ${DEFAULT-VALUE}).")
  int connections;

  @Option(names = "--rate", defaultValue = "0", description = "Total msg/s offered; 0: as fast as the window allows (default).")
  double rate;

  @Option(names = "--window", defaultValue = "10", description = "Unacknowledged messages per connection (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--qos", defaultValue = "1", description = "0 or 1 (default: ${DEFAULT-VALUE}).")
  int qos;

  @Option(names = "--payload-size", defaultValue = "200", description = "Approximate payload bytes (default: ${DEFAULT-VALUE}).")
  int payloadBytes;

  @Option(names = "--duration", defaultValue = "30", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(names = "--ramp-up", defaultValue = "5", description = "Seconds to open the connections over (default: ${DEFAULT-VALUE}).")
  int rampUpSeconds;

  @Option(names = "--warm-up", defaultValue = "3", description = "Seconds sent but not measured; at a --rate, then on until the system keeps up (default: ${DEFAULT-VALUE}).")
  int warmUpSeconds;

  @Option(names = "--mqtt-version", defaultValue = "5", description = "3 (3.1.1) or 5 (default: ${DEFAULT-VALUE}).")
  int mqttVersion;

  @Option(names = "--client", defaultValue = "PAHO", description = "PAHO or VERTX (event-loop client, MQTT 3.1.1) (default: ${DEFAULT-VALUE}).")
  LoadOptions.ClientKind client;

  @Option(names = "--no-auth", description = "Send no user name or password (an open broker such as a test mosquitto).")
  boolean noAuth;

  @Option(names = "--connect-storm",
      description = "Open every connection at once (no ramp-up), publish nothing, hold them for --duration: connects/s and failures.")
  boolean connectStorm;

  @Option(names = "--measure-on-go",
      description = "After the warm-up, go on warming up until a line 'go' arrives on standard input, then measure (for a benchmark driving this process).")
  boolean measureOnGo;

  @Option(names = "--inventory", description = "Inventory whose devices the connections speak for (default: the committed one).")
  Path inventory;

  @Option(names = "--fleet-key", description = "Fleet key file of the inventory's devices (default: the simulated fleet's).")
  Path fleetKey;

  @Option(names = "--tenant", description = "Only devices of this tenant (default: any, tenant by tenant).")
  String tenant;

  @Option(names = "--kind", description = "Only devices of this kind, e.g. air_quality (default: any).")
  String kind;

  @Override
  public Integer call() throws Exception {
    LoadOptions options = new LoadOptions(target, connections, rate, window, qos, payloadBytes, Duration.ofSeconds(durationSeconds),
        connectStorm ? Duration.ZERO : Duration.ofSeconds(rampUpSeconds), Duration.ofSeconds(warmUpSeconds), !noAuth, mqttVersion, client,
        connectStorm);
    Inventory devices = InventoryLoader.loadOrDefault(Optional.ofNullable(inventory));
    FleetCredentials fleet = fleetKey == null ? FleetCredentials.development() : FleetCredentials.fromFile(fleetKey);
    Optional<SensorKind> onlyKind = Optional.ofNullable(kind).map(k -> SensorKind.fromId(k)
        .orElseThrow(() -> new IllegalArgumentException("--kind: no sensor kind '" + k + "'")));
    LoadRun run = new LoadRun(options, LoadDevice.pick(devices, fleet, connections, !noAuth, Optional.ofNullable(tenant), onlyKind),
        System.err);
    if (measureOnGo) run.measuringOnSignal(goFromStandardInput());
    LoadReport report = run.run();
    System.err.print(report.summary());
    System.out.println(report.json());
    return report.connected() == report.connections() && (connectStorm || report.acked() > 0) ? 0 : 1;
  }

  /** Counted down when a line "go" arrives on standard input (read by a daemon thread; anything else is ignored). */
  private static CountDownLatch goFromStandardInput() {
    CountDownLatch go = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.trim().equals("go")) go.countDown();
        }
      } catch (IOException e) {
        // standard input closed: nobody will say go; the run measures after its wait
      }
    }, "load-go-signal");
    reader.setDaemon(true);
    reader.start();
    return go;
  }
}
