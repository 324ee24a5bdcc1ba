package dev.citywatch.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (broker and controller) in a JVM process of its own, built
 * from the Kafka Maven artefacts on this JVM's class path. Unlike {@link LocalKafka} it can be
 * stopped, killed, frozen and started again on the same ports and data, which is what fault tests
 * need: clients see a broker really go away and come back.
 */
public final class KafkaProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaProcess.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path directory; // deleted on close; null when the data is kept
  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  private KafkaProcess(Path directory, Path config, Path log, int port) {
    this.directory = directory;
    this.config = config;
    this.log = log;
    this.port = port;
  }

  /** Formats a fresh broker in a temporary directory and starts it. */
  public static KafkaProcess start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("citywatch-kafka-");
    int port = freePort();
    int controllerPort = freePort();
    Path config = dir.resolve("server.properties");
    Files.writeString(config, properties(dir.resolve("logs"), port, controllerPort), StandardCharsets.UTF_8);
    KafkaProcess kafka = new KafkaProcess(dir, config, dir.resolve("kafka.log"), port);
    kafka.format();
    kafka.startBroker();
    return kafka;
  }

  /**
   * Starts a broker whose data lives in {@code directory} and is kept when it stops, on
   * {@code port} (its controller on {@code controllerPort}); formats the directory only the first
   * time, so a second start finds its topics and committed offsets again.
   */
  public static KafkaProcess startIn(Path directory, int port, int controllerPort) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(directory);
    Path config = dir.resolve("server.properties");
    Files.writeString(config, properties(dir.resolve("logs"), port, controllerPort), StandardCharsets.UTF_8);
    KafkaProcess kafka = new KafkaProcess(null, config, dir.resolve("kafka.log"), port);
    if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
      kafka.format();
    }
    kafka.startBroker();
    return kafka;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Stops the broker cleanly (SIGTERM) and waits until it is gone. */
  public void stop() {
    if (process != null) {
      Watchdog.stop(process, 30);
      process = null;
      LOG.info("[kafka-process] broker on port {} stopped", port);
    }
  }

  /** Kills the broker (SIGKILL): no clean shutdown, as when a machine dies. */
  public void kill() throws InterruptedException {
    if (process != null) {
      Watchdog.kill(process);
      process = null;
      LOG.info("[kafka-process] broker on port {} killed", port);
    }
  }

  /** Freezes the broker (SIGSTOP): connections stay open but nothing answers, as in a long GC pause. */
  public void freeze() throws IOException, InterruptedException {
    Watchdog.signal(process, "STOP");
  }

  /** Undoes {@link #freeze()}. */
  public void thaw() throws IOException, InterruptedException {
    Watchdog.signal(process, "CONT");
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

  /** Starts the broker again, on the same ports and with the same data. */
  public void restart() throws IOException, InterruptedException {
    if (process != null) throw new IllegalStateException("the broker is running");
    startBroker();
  }

  @Override
  public void close() {
    stop();
    if (directory == null) return; // data that outlives the broker (startIn)
    try {
      Dirs.deleteTree(directory);
    } catch (IOException e) {
      LOG.warn("[kafka-process] could not delete {}: {}", directory, e.getMessage());
    }
  }

  private void format() throws IOException, InterruptedException {
    List<String> command = java("kafka.tools.StorageTool");
    command.addAll(List.of("format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()));
    Process format = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IOException("formatting the Kafka log directory failed:\n" + Watchdog.tail(log, 20));
    }
  }

  private void startBroker() throws IOException, InterruptedException {
    long started = System.nanoTime();
    List<String> command = java("kafka.Kafka");
    command.add(config.toString());
    process = Watchdog.start(command, log);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the Kafka broker exited with " + process.exitValue() + ":\n" + Watchdog.tail(log, 30));
      }
      if (listening() && answers()) {
        LOG.info("[kafka-process] broker ready at {} in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        return;
      }
      Thread.sleep(200);
    }
    stop();
    throw new IOException("the Kafka broker did not start within " + START_TIMEOUT.toSeconds() + " s:\n" + Watchdog.tail(log, 30));
  }

  private boolean listening() {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the broker answers a metadata request (it listens a little before it serves). */
  private boolean answers() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(), AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
      return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  /** This JVM's java and class path, which hold the Kafka server artefacts (testkit depends on them). */
  private static List<String> java(String mainClass) {
    Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
    // Kafka's own start script defaults (kafka-run-class.sh), so the broker behaves as it would in production.
    return new ArrayList<>(List.of(javaBin.toString(), "-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
        "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"), mainClass));
  }

  private static String properties(Path logs, int port, int controllerPort) {
    return """
        process.roles=broker,controller
        node.id=1
        controller.quorum.voters=1@127.0.0.1:%d
        listeners=PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d
        advertised.listeners=PLAINTEXT://127.0.0.1:%d
        controller.listener.names=CONTROLLER
        listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
        inter.broker.listener.name=PLAINTEXT
        log.dirs=%s
        num.partitions=1
        offsets.topic.replication.factor=1
        offsets.topic.num.partitions=4
        transaction.state.log.replication.factor=1
        transaction.state.log.min.isr=1
        group.initial.rebalance.delay.ms=0
        auto.create.topics.enable=false
        """.formatted(controllerPort, port, controllerPort, port, logs);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
