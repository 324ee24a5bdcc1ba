package dev.citywatch.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU profiles of every Java process of a benchmark over its measured stretch, with async-profiler
 * (Maven Central: {@code tools.profiler:async-profiler}, its {@code libasyncProfiler.so}) loaded
 * into each at the start of the stretch ({@code jcmd <pid> JVMTI.agent_load}): Java, JIT, GC and
 * native frames alike, as collapsed stacks in {@code <dir>/<part>.collapsed}. A developer's aid
 * ({@code bench pipeline --profile DIR}), for explaining a CPU ledger.
 */
final class Profiles {
  private Profiles() {}

  /** Profiles each process of {@code processes} (this JVM included as "bench JVM") for {@code seconds}. */
  static void start(Path dir, Map<String, Supplier<Optional<ProcessHandle>>> processes, int seconds) throws IOException, InterruptedException {
    Path lib = library();
    Files.createDirectories(dir);
    attach(lib, dir, "bench-jvm", ProcessHandle.current(), seconds);
    for (var p : processes.entrySet()) {
      Optional<ProcessHandle> java = p.getValue().get().flatMap(Profiles::javaIn);
      if (java.isPresent()) attach(lib, dir, p.getKey().replaceAll("[^a-z0-9]+", "-"), java.get(), seconds);
    }
  }

  private static void attach(Path lib, Path dir, String name, ProcessHandle process, int seconds) throws IOException, InterruptedException {
    // ctimer: per-thread CPU timers, which work where perf events are not allowed (containers).
    String options = "start,event=ctimer,interval=10ms,threads,timeout=" + seconds + ",collapsed,file=" + dir.resolve(name + ".collapsed");
    // In quotes: jcmd would otherwise take the commas for its own argument separators.
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()),
        "JVMTI.agent_load", lib.toString(), "\"" + options + "\"").redirectErrorStream(true).start();
    String said = new String(jcmd.getInputStream().readAllBytes());
    if (jcmd.waitFor() != 0 || !said.contains("return code: 0")) throw new IOException("could not profile " + name + ": " + said);
    Bench.step("profiling %s (pid %d) for %d s into %s", name, process.pid(), seconds, dir.resolve(name + ".collapsed"));
  }

  /** The process itself when it is Java, else its first Java descendant (the services run under a small watchdog shell). */
  private static Optional<ProcessHandle> javaIn(ProcessHandle p) {
    return Stream.concat(Stream.of(p), p.descendants()).filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst();
  }

  /** The linux-x64 library of async-profiler, unpacked from its jar in the local Maven repository. */
  private static Path library() throws IOException {
    Path jar = Path.of(System.getProperty("user.home"), ".m2", "repository", "tools", "profiler", "async-profiler", "4.1",
        "async-profiler-4.1.jar");
    if (!Files.exists(jar)) {
      throw new IOException("--profile needs async-profiler: mvn dependency:get -Dartifact=tools.profiler:async-profiler:4.1");
    }
    Path lib = Files.createTempDirectory("citywatch-async-profiler-").resolve("libasyncProfiler.so");
    try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
      Files.copy(zip.getInputStream(zip.getEntry("linux-x64/libasyncProfiler.so")), lib);
    }
    return lib;
  }
}
