package dev.citywatch.launcher;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One Flink MiniCluster with its web UI, running several jobs side by side, as a session cluster
 * would (a local stream environment starts a cluster per job, and two would fight for the UI port).
 */
public final class FlinkCluster implements AutoCloseable {
  private static final int PARALLELISM = 2;
  private final MiniCluster cluster;

  private FlinkCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  public static FlinkCluster start(int uiPort, int slots, Path checkpoints) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.PORT, uiPort);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toAbsolutePath().toUri().toString());
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
    cluster.start();
    return new FlinkCluster(cluster);
  }

  /** Builds a job at parallelism 2 with {@code topology} and submits it; returns once the cluster has accepted it. */
  public JobID submit(String name, Consumer<StreamExecutionEnvironment> topology) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(PARALLELISM);
    topology.accept(env);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    return cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
  }

  @Override
  public void close() throws Exception {
    cluster.closeAsync().get(60, TimeUnit.SECONDS);
  }
}
