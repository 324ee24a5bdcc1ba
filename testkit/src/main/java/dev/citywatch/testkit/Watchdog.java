package dev.citywatch.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server as a child process under a small shell watchdog that ends it within a second
 * should this JVM die without running its shutdown hooks, so no server outlives the process that
 * started it.
 */
final class Watchdog {
  /** "$1" is the parent pid; the rest is the command. */
  private static final String SCRIPT =
      "parent=$1; shift; \"$@\" & child=$!; trap 'kill $child 2>/dev/null' TERM INT; "
          + "while kill -0 $child 2>/dev/null; do kill -0 $parent 2>/dev/null || kill $child 2>/dev/null; sleep 1; done; wait $child";

  private Watchdog() {}

  /** Starts {@code command} with its output (both streams) appended to {@code log}. */
  static Process start(List<String> command, Path log) throws IOException {
    return start(command, java.util.Map.of(), log);
  }

  /** As above, with {@code env} added to the environment (not the command line, where {@code ps} would show secrets). */
  static Process start(List<String> command, java.util.Map<String, String> env, Path log) throws IOException {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh", Long.toString(ProcessHandle.current().pid())));
    argv.addAll(command);
    ProcessBuilder builder = new ProcessBuilder(argv)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The server itself (the watchdog's child), while it runs. */
  static Optional<ProcessHandle> server(Process watchdog) {
    return watchdog.children().findFirst();
  }

  /** Stops the watchdog and its server: SIGTERM, then SIGKILL after {@code seconds}. */
  static void stop(Process watchdog, long seconds) {
    List<ProcessHandle> children = watchdog.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    watchdog.destroy();
    try {
      if (!watchdog.waitFor(seconds, TimeUnit.SECONDS)) {
        watchdog.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        child.onExit().get(seconds, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      children.forEach(ProcessHandle::destroyForcibly);
      watchdog.destroyForcibly();
    }
  }

  /** Kills the server with SIGKILL (no shutdown of its own); the watchdog then ends too. */
  static void kill(Process watchdog) throws InterruptedException {
    server(watchdog).ifPresent(ProcessHandle::destroyForcibly);
    watchdog.waitFor(10, TimeUnit.SECONDS);
  }

  /** Sends {@code signal} (e.g. STOP, CONT) to the server. */
  static void signal(Process watchdog, String signal) throws IOException, InterruptedException {
    ProcessHandle server = server(watchdog).orElseThrow(() -> new IllegalStateException("server is not running"));
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + server.pid() + " failed");
    }
  }

  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
