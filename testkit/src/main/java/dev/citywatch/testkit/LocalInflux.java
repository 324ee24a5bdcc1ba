package dev.citywatch.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code influxd} (InfluxDB 1.x, from PATH) with its own directory and free ports, run under
 * a {@link Watchdog} so that it never outlives the process that started it.
 */
public final class LocalInflux implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalInflux.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final boolean temporary;
  private final String url;
  private Process process;

  private LocalInflux(Process process, Path directory, boolean temporary, String url) {
    this.process = process;
    this.directory = directory;
    this.temporary = temporary;
    this.url = url;
  }

  /** Whether an {@code influxd} binary is on the PATH. */
  public static boolean available() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "influxd")));
  }

  /** Starts influxd with its data in {@code directory}, or in a temporary directory when null. */
  public static LocalInflux start(Path directory) throws IOException, InterruptedException {
    return start(directory, 0);
  }

  /** As {@link #start(Path)}, listening on {@code port} (0: a free port). */
  public static LocalInflux start(Path directory, int port) throws IOException, InterruptedException {
    if (!available()) {
      throw new IllegalStateException("influxd is not on the PATH; install it with: apt-get install influxdb");
    }
    boolean temporary = directory == null;
    Path dir = temporary ? Files.createTempDirectory("citywatch-influx-") : Files.createDirectories(directory);
    int httpPort = port == 0 ? freePort() : port;
    int rpcPort = freePort();
    Path config = dir.resolve("influxdb.conf");
    Files.writeString(config, config(dir, httpPort, rpcPort), StandardCharsets.UTF_8);
    Path log = dir.resolve("influxd.log");
    Process process = Watchdog.start(List.of("influxd", "-config", config.toString()), log);
    String url = "http://127.0.0.1:" + httpPort;
    LocalInflux influx = new LocalInflux(process, dir, temporary, url);
    try {
      influx.awaitReady(log);
    } catch (IOException | RuntimeException e) {
      influx.close();
      throw e;
    }
    LOG.info("[influxdb] influxd ready at {} (data in {})", url, dir);
    return influx;
  }

  public String url() {
    return url;
  }

  /** Stops influxd (SIGTERM), keeping its data, so that fault drills can take InfluxDB away for a while. */
  public synchronized void stop() {
    if (process != null) {
      Watchdog.stop(process, 10);
      process = null;
      LOG.info("[influxdb] influxd at {} stopped", url);
    }
  }

  /**
   * The running process (through the watchdog that starts it, so with its descendants: that is
   * where its CPU time is), for benchmarks' CPU ledgers; empty while it is stopped.
   */
  public synchronized java.util.Optional<ProcessHandle> handle() {
    return process == null || !process.isAlive() ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
  }

  public synchronized boolean running() {
    return process != null;
  }

  /** Starts influxd again after {@link #stop()}: same port, same data. */
  public synchronized void restart() throws IOException, InterruptedException {
    if (process != null) throw new IllegalStateException("influxd is running");
    Path log = directory.resolve("influxd.log");
    process = Watchdog.start(List.of("influxd", "-config", directory.resolve("influxdb.conf").toString()), log);
    awaitReady(log);
    LOG.info("[influxdb] influxd at {} started again", url);
  }

  private void awaitReady(Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("influxd exited with " + process.exitValue() + ":\n" + Watchdog.tail(log, 20));
      }
      if (ping()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("influxd did not answer /ping within " + START_TIMEOUT.toSeconds() + " s:\n" + Watchdog.tail(log, 20));
  }

  private boolean ping() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url + "/ping").toURL().openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(500);
      int code = c.getResponseCode();
      c.disconnect();
      return code == 204;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    stop();
    if (temporary) {
      deleteQuietly(directory);
    }
  }

  private static String config(Path dir, int httpPort, int rpcPort) {
    return """
        reporting-disabled = true
        bind-address = "127.0.0.1:%d"
        [meta]
          dir = "%s"
        [data]
          dir = "%s"
          wal-dir = "%s"
          query-log-enabled = false
        [http]
          enabled = true
          bind-address = "127.0.0.1:%d"
          log-enabled = false
        [monitor]
          store-enabled = false
        [logging]
          level = "warn"
        """.formatted(rpcPort, dir.resolve("meta"), dir.resolve("data"), dir.resolve("wal"), httpPort);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Dirs.deleteTree(dir);
    } catch (IOException e) {
      LOG.warn("[influxdb] could not delete {}: {}", dir, e.getMessage());
    }
  }

}
