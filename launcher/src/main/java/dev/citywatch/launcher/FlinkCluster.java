package dev.citywatch.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One Flink MiniCluster with its web UI, running several jobs side by side, as a session cluster
 * would (a local stream environment starts a cluster per job, and two would fight for the UI port).
 *
 * <p>Each job checkpoints under {@code <state>/checkpoints/<job name>} and is stopped with a
 * savepoint under {@code <state>/savepoints/<job name>}; {@link #submit} starts a job from the
 * newest of these when there is one, so a second demo run carries on where the first stopped.
 */
public final class FlinkCluster implements AutoCloseable {
  private static final int PARALLELISM = 2;
  private final MiniCluster cluster;
  private final Path state;
  private int taskManagers = 1; // the MiniCluster numbers them in the order started, ended ones included

  private FlinkCluster(MiniCluster cluster, Path state) {
    this.cluster = cluster;
    this.state = state;
  }

  /** A cluster whose web UI and REST API listen on {@code host}:{@code uiPort}. */
  public static FlinkCluster start(String host, int uiPort, int slots, Path state) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, host);
    conf.set(RestOptions.PORT, uiPort);
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, state.resolve("checkpoints").toAbsolutePath().toUri().toString());
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
    cluster.start();
    return new FlinkCluster(cluster, state);
  }

  /**
   * Builds a job at parallelism 2 with {@code topology} and submits it, restored from its newest
   * savepoint or retained checkpoint when there is one; returns once the cluster has accepted it.
   */
  public Submitted submit(String name, Consumer<StreamExecutionEnvironment> topology) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration perJob = new Configuration();
    perJob.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints(name).toAbsolutePath().toUri().toString());
    env.configure(perJob);
    env.setParallelism(PARALLELISM);
    topology.accept(env);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(name);
    Optional<Path> restored = latestRestorePoint(name);
    restored.ifPresent(p -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(p.toUri().toString(), true)));
    JobID id = cluster.submitJob(graph).get(60, TimeUnit.SECONDS).getJobID();
    return new Submitted(id, restored);
  }

  /**
   * Terminates the cluster's TaskManager, as when its machine dies (every task fails), then starts
   * a new one: the jobs restart from their latest completed checkpoints.
   */
  public synchronized void replaceTaskManager() throws Exception {
    cluster.terminateTaskManager(taskManagers - 1).get(60, TimeUnit.SECONDS);
    cluster.startTaskManager();
    taskManagers++;
  }

  /** A job the cluster accepted, and the savepoint or checkpoint it started from, if any. */
  public record Submitted(JobID id, Optional<Path> restoredFrom) {}

  /**
   * Stops a job with a final savepoint (its sinks flush, its Kafka offsets are those of the last
   * record written) and deletes the job's older savepoints; returns the savepoint's path.
   */
  public String stopWithSavepoint(String name, JobID job) throws Exception {
    Path dir = state.resolve("savepoints").resolve(name);
    String path = null;
    // A savepoint needs every task running; right after a restart some are still being deployed.
    for (int attempt = 1; path == null; attempt++) {
      try {
        path = cluster.stopWithSavepoint(job, dir.toAbsolutePath().toUri().toString(), false, SavepointFormatType.CANONICAL)
            .get(2, TimeUnit.MINUTES);
      } catch (ExecutionException e) {
        if (attempt >= 20 || !String.valueOf(e.getMessage()).contains("not being executed")) {
          throw new IllegalStateException("no savepoint of " + name + " (" + describe(job) + "): " + e.getMessage(), e);
        }
        Thread.sleep(1_000);
      }
    }
    String kept = path;
    try (Stream<Path> older = Files.list(dir)) {
      for (Path p : older.filter(p -> !kept.endsWith(p.getFileName().toString())).toList()) {
        dev.citywatch.testkit.Dirs.deleteTree(p);
      }
    }
    return path;
  }

  /** The names of a job's tasks (chains of operators): its task threads are named after them, with " (i/n)#attempt". */
  public List<String> taskNames(JobID job) throws Exception {
    List<String> names = new java.util.ArrayList<>();
    cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getVerticesTopologically().forEach(v -> names.add(v.getName()));
    return names;
  }

  /** A job's completed checkpoints so far, and when the newest of them was triggered (empty before the first). */
  public record Checkpoints(long completed, Optional<Instant> latestTriggeredAt) {}

  public Checkpoints checkpoints(JobID job) throws Exception {
    var stats = cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS).getCheckpointStatsSnapshot();
    var latest = stats.getHistory().getLatestCompletedCheckpoint();
    return new Checkpoints(stats.getCounts().getNumberOfCompletedCheckpoints(),
        Optional.ofNullable(latest).map(c -> Instant.ofEpochMilli(c.getTriggerTimestamp())));
  }

  /** The job's state, how many of its tasks are in which state, and its failure if it has one. */
  private String describe(JobID job) {
    try {
      var graph = cluster.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
      java.util.Map<String, Long> tasks = new java.util.TreeMap<>();
      for (var vertex : graph.getAllExecutionVertices()) {
        tasks.merge(vertex.getTaskNameWithSubtaskIndex().replaceAll(" \\(.*", "") + "=" + vertex.getExecutionState(), 1L, Long::sum);
      }
      String failure = graph.getFailureInfo() == null ? "" : ", failure: " + graph.getFailureInfo().getExceptionAsString().lines()
          .limit(3).reduce((a, b) -> a + " / " + b).orElse("");
      return graph.getState() + ", tasks " + tasks.entrySet().stream().filter(e -> !e.getKey().endsWith("=RUNNING")).toList() + failure;
    } catch (Exception e) {
      return "state unknown: " + e;
    }
  }

  /** The newest savepoint or retained checkpoint of the named job ({@code _metadata} written last). */
  Optional<Path> latestRestorePoint(String name) {
    return Stream.of(state.resolve("savepoints").resolve(name), checkpoints(name))
        .filter(Files::isDirectory)
        .flatMap(FlinkCluster::metadataFiles)
        .max(Comparator.comparingLong(FlinkCluster::modified))
        .map(Path::getParent);
  }

  private Path checkpoints(String name) {
    return state.resolve("checkpoints").resolve(name);
  }

  private static Stream<Path> metadataFiles(Path dir) {
    try (Stream<Path> walk = Files.walk(dir, 3)) {
      return walk.filter(p -> p.getFileName().toString().equals("_metadata")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  public void close() throws Exception {
    cluster.closeAsync().get(60, TimeUnit.SECONDS);
  }
}
