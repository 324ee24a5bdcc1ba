package dev.citywatch.launcher.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How far the jobs' Kafka consumers are behind a topic's end, as each consumer saw it at its last
 * fetch: Kafka's own {@code records-lag} metric per partition, read over JMX in this JVM, where the
 * bench runs the jobs. Reading it costs nothing and moves with every fetch. The committed offsets
 * it replaced move only when a checkpoint completes, and forcing a checkpoint every half second to
 * move them cost a third of a core during a catch-up (async-profiler: the checkpoints'
 * asynchronous snapshot threads writing the detection job's state), slowing what it measured.
 */
final class ConsumerLag {
  private static final String FETCH_METRICS = "kafka.consumer:type=consumer-fetch-manager-metrics,client-id=*,topic=*,partition=*";

  private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

  /**
   * Records of {@code topic} not yet fetched by the consumers of {@code group} (whose client ids
   * Flink's Kafka source starts with the group id), summed over its {@code partitions}; empty while
   * some partition has no figure yet (not fetched since the job started).
   */
  OptionalLong behind(String group, String topic, int partitions) throws JMException {
    Map<String, Double> lagByPartition = new HashMap<>();
    for (ObjectName name : server.queryNames(new ObjectName(FETCH_METRICS), null)) {
      if (!name.getKeyProperty("client-id").startsWith(group + "-") || !topic.equals(name.getKeyProperty("topic"))) continue;
      Object lag = server.getAttribute(name, "records-lag");
      if (lag instanceof Double d && !d.isNaN()) lagByPartition.put(name.getKeyProperty("partition"), d);
    }
    if (lagByPartition.size() < partitions) return OptionalLong.empty();
    return OptionalLong.of(Math.round(lagByPartition.values().stream().mapToDouble(Double::doubleValue).sum()));
  }
}
