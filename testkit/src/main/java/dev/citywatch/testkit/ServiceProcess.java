package dev.citywatch.testkit;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CityWatch service (a gateway, the alerting service) in a JVM of its own, on this JVM's class
 * path, under a {@link Watchdog}: fault drills kill it for real (SIGKILL, no shutdown hooks) and
 * start it again. Configuration goes in through the environment, as in a container.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

  private final String name;
  private final String mainClass;
  private final List<String> jvmOptions;
  private final Map<String, String> env;
  private final Path log;
  private final int readyPort;
  private Process process;

  private ServiceProcess(String name, String mainClass, List<String> jvmOptions, Map<String, String> env, Path log, int readyPort) {
    this.name = name;
    this.mainClass = mainClass;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.env = Map.copyOf(env);
    this.log = log;
    this.readyPort = readyPort;
  }

  /**
   * Starts {@code mainClass} with {@code jvmOptions} (e.g. {@code -D} settings), {@code env} added
   * to this process's environment and its output appended to {@code log}; returns once it accepts
   * connections on {@code readyPort}.
   */
  public static ServiceProcess start(String name, String mainClass, List<String> jvmOptions, Map<String, String> env, Path log,
                                     int readyPort) throws IOException, InterruptedException {
    ServiceProcess service = new ServiceProcess(name, mainClass, jvmOptions, env, log, readyPort);
    service.launch();
    return service;
  }

  /** Kills the service with SIGKILL: no draining, no shutdown hooks, as when its machine dies. */
  public synchronized void kill() throws InterruptedException {
    if (process == null) return;
    Watchdog.kill(process);
    process = null;
    LOG.info("[service {}] killed (SIGKILL)", name);
  }

  /** Stops the service with SIGTERM (its own graceful shutdown) and waits for it. */
  public synchronized void stop() {
    if (process == null) return;
    Watchdog.stop(process, 30);
    process = null;
    LOG.info("[service {}] stopped", name);
  }

  /** Starts the service again, with the same configuration. */
  public synchronized void restart() throws IOException, InterruptedException {
    if (process != null) throw new IllegalStateException(name + " is running");
    launch();
  }

  /**
   * The running process (through the watchdog that starts it, so with its descendants: that is
   * where its CPU time is), for benchmarks' CPU ledgers; empty while it is stopped.
   */
  public synchronized java.util.Optional<ProcessHandle> handle() {
    return process == null || !process.isAlive() ? java.util.Optional.empty() : java.util.Optional.of(process.toHandle());
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    stop();
  }

  private void launch() throws IOException, InterruptedException {
    long started = System.nanoTime();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    process = Watchdog.start(command, env, log);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(name + " exited with " + process.exitValue() + ":\n" + Watchdog.tail(log, 30));
      }
      try (Socket s = new Socket("127.0.0.1", readyPort)) {
        LOG.info("[service {}] ready on port {} in {} ms", name, readyPort, (System.nanoTime() - started) / 1_000_000);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    stop();
    throw new IOException(name + " did not listen on port " + readyPort + " within 90 s:\n" + Watchdog.tail(log, 30));
  }
}
