package dev.citywatch.launcher.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A local {@code mosquitto} broker for comparisons: open (no authentication), in memory, on a free port. */
final class Mosquitto implements AutoCloseable {
  private final Process process;
  private final Path directory;
  private final int port;

  private Mosquitto(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  static Mosquitto start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("citywatch-mosquitto-");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("mosquitto.conf");
    Files.writeString(config, """
        listener %d 127.0.0.1
        allow_anonymous true
        persistence false
        max_connections -1
        max_queued_messages 100000
        log_type error
        """.formatted(port), StandardCharsets.UTF_8);
    Process p = new ProcessBuilder("mosquitto", "-c", config.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new Mosquitto(p, dir, port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** What {@code mosquitto -h} says of its version, e.g. "mosquitto version 2.0.11". */
  static String version() {
    try {
      Process p = new ProcessBuilder("mosquitto", "-h").redirectErrorStream(true).start();
      String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
      p.waitFor(5, TimeUnit.SECONDS);
      return first.strip();
    } catch (IOException | InterruptedException e) {
      return "unknown";
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    dev.citywatch.testkit.Dirs.deleteTree(directory);
  }
}
