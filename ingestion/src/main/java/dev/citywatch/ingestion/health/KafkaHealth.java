package dev.citywatch.ingestion.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Kafka answers, asked every few seconds on a thread of its own so that a health probe
 * never waits on Kafka and never blocks an event loop.
 */
public final class KafkaHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaHealth.class);
  private static final Duration PERIOD = Duration.ofSeconds(3);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Admin admin;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "citywatch-kafka-health");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean up;

  public KafkaHealth(String bootstrapServers) {
    this.admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis(),
        AdminClientConfig.CLIENT_ID_CONFIG, "citywatch-gateway-health"));
    timer.scheduleWithFixedDelay(this::check, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isUp() {
    return up;
  }

  private void check() {
    boolean was = up;
    try {
      up = !admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .nodes().get(TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS).isEmpty();
    } catch (Exception e) {
      up = false;
    }
    if (was != up) {
      LOG.info("[kafka] {}", up ? "reachable" : "unreachable");
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
