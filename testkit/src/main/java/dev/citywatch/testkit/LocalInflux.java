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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real {@code influxd} (InfluxDB 1.x, from PATH) with its own directory and free ports. A small
 * shell watchdog ends it within a second should this JVM die without running its shutdown hooks,
 * so no server outlives the process that started it.
 */
public final class LocalInflux implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalInflux.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  /** Runs influxd, and kills it when either it or the parent JVM ($2) is gone. */
  private static final String WATCHDOG =
      "influxd -config \"$1\" & child=$!; trap 'kill $child 2>/dev/null' TERM INT; "
          + "while kill -0 $child 2>/dev/null; do kill -0 $2 2>/dev/null || kill $child 2>/dev/null; sleep 1; done; wait $child";

  private final Process process;
  private final Path directory;
  private final boolean temporary;
  private final String url;

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
    Process process =
        new ProcessBuilder("sh", "-c", WATCHDOG, "sh", config.toString(), Long.toString(ProcessHandle.current().pid()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
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

  private void awaitReady(Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException("influxd exited with " + process.exitValue() + ":\n" + tail(log));
      }
      if (ping()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IOException("influxd did not answer /ping within " + START_TIMEOUT.toSeconds() + " s:\n" + tail(log));
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
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      children.forEach(ProcessHandle::destroyForcibly);
    }
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

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
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
