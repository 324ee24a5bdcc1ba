package dev.citywatch.testkit;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka and one InfluxDB per JVM, shared by every test in it; tests keep apart by topic and
 * database names. Order of choice for each server:
 *
 * <ol>
 *   <li>a server named by the environment ({@code CITYWATCH_KAFKA_BOOTSTRAP}, {@code CITYWATCH_INFLUX_URL});
 *   <li>a Testcontainers container, when a Docker engine answers;
 *   <li>a real local server: an in-process KRaft broker, {@code influxd} from PATH.
 * </ol>
 *
 * Servers stop, and their files are removed, when the JVM exits.
 */
public final class TestServers {
  private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);
  public static final String KAFKA_ENV = "CITYWATCH_KAFKA_BOOTSTRAP";
  public static final String INFLUX_ENV = "CITYWATCH_INFLUX_URL";
  static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
  static final String INFLUX_IMAGE = "influxdb:1.8";

  private static KafkaEndpoint kafka;
  private static InfluxEndpoint influx;
  private static Boolean docker;

  private TestServers() {}

  public static synchronized KafkaEndpoint kafka() {
    if (kafka == null) {
      kafka = startKafka();
      announce("Kafka mode=" + kafka.mode() + " bootstrap=" + kafka.bootstrapServers());
    }
    return kafka;
  }

  public static synchronized InfluxEndpoint influx() {
    if (influx == null) {
      influx = startInflux();
      announce("InfluxDB mode=" + influx.mode() + " url=" + influx.url());
    }
    return influx;
  }

  private static KafkaEndpoint startKafka() {
    Optional<String> fromEnv = env(KAFKA_ENV);
    if (fromEnv.isPresent()) {
      return new KafkaEndpoint(fromEnv.get(), "env");
    }
    if (dockerAvailable()) {
      KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
      container.start();
      onExit("kafka container", container::stop);
      return new KafkaEndpoint(container.getBootstrapServers(), "testcontainers");
    }
    try {
      LocalKafka local = LocalKafka.start(null);
      onExit("local kafka", local::close);
      return new KafkaEndpoint(local.bootstrapServers(), "local");
    } catch (Exception e) {
      throw new IllegalStateException("could not start the in-process Kafka broker: " + e.getMessage(), e);
    }
  }

  private static InfluxEndpoint startInflux() {
    Optional<String> fromEnv = env(INFLUX_ENV);
    if (fromEnv.isPresent()) {
      return new InfluxEndpoint(fromEnv.get(), "env");
    }
    if (dockerAvailable()) {
      GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(INFLUX_IMAGE)).withExposedPorts(8086);
      container.start();
      onExit("influxdb container", container::stop);
      return new InfluxEndpoint("http://" + container.getHost() + ":" + container.getMappedPort(8086), "testcontainers");
    }
    try {
      LocalInflux local = LocalInflux.start(null);
      onExit("local influxd", local::close);
      return new InfluxEndpoint(local.url(), "local");
    } catch (Exception e) {
      throw new IllegalStateException("could not start influxd: " + e.getMessage(), e);
    }
  }

  /** Printed as well as logged: which servers a test run used must show whatever the logging set-up. */
  private static void announce(String line) {
    LOG.info("[testkit] {}", line);
    System.out.println("[testkit] " + line);
  }

  private static boolean dockerAvailable() {
    if (docker == null) {
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException | LinkageError e) {
        docker = false;
      }
      LOG.info("[testkit] Docker engine {}", docker ? "found: using Testcontainers" : "not found: using local servers");
    }
    return docker;
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }

  private interface Stop {
    void run() throws Exception;
  }

  /** What to stop, newest first; each runs once. */
  private static final java.util.Deque<Runnable> STOPS = new java.util.ArrayDeque<>();

  static {
    // A fallback only: normally {@link ServersSessionListener} stops the servers when the test run
    // ends, before the JVM shuts down, so that they do not stop concurrently with other hooks.
    Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stopAll, "citywatch-testkit-stop"));
  }

  private static synchronized void onExit(String what, Stop stop) {
    STOPS.push(() -> {
      try {
        stop.run();
      } catch (Exception e) {
        System.err.println("[testkit] stopping " + what + " failed: " + e);
      }
    });
  }

  /** Stops every server this JVM started, newest first. Safe to call more than once. */
  public static synchronized void stopAll() {
    while (!STOPS.isEmpty()) {
      STOPS.pop().run();
    }
    kafka = null;
    influx = null;
  }

}
