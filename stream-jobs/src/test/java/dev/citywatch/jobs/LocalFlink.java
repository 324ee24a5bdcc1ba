package dev.citywatch.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A MiniCluster the test controls: submit a job (optionally restored from a checkpoint), take a
 * checkpoint when the test wants one, and kill the job, as an operator would on a real cluster.
 */
public final class LocalFlink implements AutoCloseable {
  private final MiniCluster cluster;

  private LocalFlink(MiniCluster cluster) {
    this.cluster = cluster;
  }

  public static LocalFlink start(int slots, Path checkpoints) throws Exception {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
    cluster.start();
    return new LocalFlink(cluster);
  }

  /** Builds a job at parallelism 2 with {@code topology} and submits it, restored from {@code checkpoint} if given. */
  public JobID submit(String name, Consumer<StreamExecutionEnvironment> topology, Optional<String> checkpoint) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    topology.accept(env);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    checkpoint.ifPresent(path -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path)));
    JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
    awaitStatus(id, JobStatus.RUNNING, Duration.ofSeconds(60));
    return id;
  }

  /** Takes a checkpoint now; returns where it is. */
  public String checkpoint(JobID job) throws Exception {
    return cluster.triggerCheckpoint(job).get(120, TimeUnit.SECONDS);
  }

  /** Kills the job (no savepoint, no final checkpoint: what it did since the last checkpoint is replayed on restore). */
  public void kill(JobID job) throws Exception {
    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
    awaitStatus(job, JobStatus.CANCELED, Duration.ofSeconds(60));
  }

  private void awaitStatus(JobID job, JobStatus wanted, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JobStatus status = cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
    while (status != wanted) {
      if (status.isTerminalState() && wanted != status) throw new IllegalStateException("job " + job + " ended " + status);
      if (System.nanoTime() > deadline) throw new IllegalStateException("job " + job + " still " + status + " after " + timeout);
      Thread.sleep(100);
      status = cluster.getJobStatus(job).get(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    cluster.closeAsync().get(60, TimeUnit.SECONDS);
  }
}
