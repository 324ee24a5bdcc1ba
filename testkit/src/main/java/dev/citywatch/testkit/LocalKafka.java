package dev.citywatch.testkit;

import java.nio.file.Path;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running inside this JVM,
 * built from the Kafka server artefacts. Starts in about three seconds.
 */
public final class LocalKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);
  private final KafkaClusterTestKit cluster;

  private LocalKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Starts a broker whose logs live under {@code baseDirectory} (a fresh temporary directory when
   * null); the directory is deleted on close only when it was temporary.
   */
  public static LocalKafka start(Path baseDirectory) throws Exception {
    long started = System.nanoTime();
    keepHostJvmAlive();
    TestKitNodes.Builder nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1);
    if (baseDirectory != null) {
      nodes.setBaseDirectory(baseDirectory);
    }
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes.build())
            .setDeleteOnClose(baseDirectory == null)
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "4")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    LOG.info("[kafka] KRaft broker ready at {} in {} ms", cluster.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    return new LocalKafka(cluster);
  }

  /**
   * Kafka's server code ends the process on a fatal fault (Exit.exit/halt), which in-process would
   * take the tests or the demo with it, often during shutdown. Log the fault loudly instead.
   */
  private static void keepHostJvmAlive() {
    Exit.setExitProcedure((code, message) -> LOG.error("[kafka] broker asked to exit with {}: {}", code, message));
    Exit.setHaltProcedure((code, message) -> LOG.error("[kafka] broker asked to halt with {}: {}", code, message));
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
