package dev.citywatch.launcher.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time per part of the platform over one stretch of a benchmark, to say where the cores go.
 * A part that is a process of its own is read from the kernel (through {@link ProcessHandle}: its
 * own time and its descendants', user and system). Parts that share this JVM (the Flink jobs, the
 * receiver) are told apart by their threads' names and per-thread CPU time; what no Java thread
 * accounts for in this JVM (garbage collection, the JIT compiler) is its own line, so the ledger
 * adds up to everything the machine spent.
 */
final class CpuLedger {
  /** What this JVM's threads and runtime spent that no named group claimed. */
  static final String THIS_JVM_REST = "bench JVM: Flink runtime, GC, JIT, other";

  private final Map<String, Supplier<Optional<ProcessHandle>>> processes = new LinkedHashMap<>();
  private final Map<String, Predicate<String>> threadGroups = new LinkedHashMap<>();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  CpuLedger() {
    if (!threads.isThreadCpuTimeSupported()) throw new IllegalStateException("this JVM cannot measure per-thread CPU time");
    threads.setThreadCpuTimeEnabled(true);
  }

  /** A part that is a process (with its children): CPU from the kernel. */
  CpuLedger process(String name, Supplier<Optional<ProcessHandle>> handle) {
    processes.put(name, handle);
    return this;
  }

  /** The parts that are processes of their own. */
  Map<String, Supplier<Optional<ProcessHandle>>> processes() {
    return Map.copyOf(processes);
  }

  /** A part that is threads of this JVM, those whose names {@code match}; the first group that matches a thread takes it. */
  CpuLedger threads(String name, Predicate<String> match) {
    threadGroups.put(name, match);
    return this;
  }

  /** CPU nanoseconds so far, per part, of which the JIT compiler's and the garbage collector's threads; and the wall clock. */
  record Snapshot(long wallNanos, Map<String, Long> cpuNanos, Map<String, Long> jitNanos, Map<String, Long> gcNanos) {}

  Snapshot snapshot() {
    Map<String, Long> cpu = new LinkedHashMap<>();
    Map<String, Long> jit = new LinkedHashMap<>();
    Map<String, Long> gc = new LinkedHashMap<>();
    processes.forEach((name, handle) -> {
      Optional<ProcessHandle> p = handle.get();
      cpu.put(name, p.map(CpuLedger::withDescendants).orElse(0L));
      p.ifPresent(h -> runtimeThreads(h, jit, gc, name));
    });
    runtimeThreads(ProcessHandle.current(), jit, gc, THIS_JVM_REST);
    threadGroups.keySet().forEach(name -> cpu.put(name, 0L));
    long javaThreads = 0;
    for (long id : threads.getAllThreadIds()) {
      long nanos = threads.getThreadCpuTime(id);
      ThreadInfo info = threads.getThreadInfo(id);
      if (nanos < 0 || info == null) continue; // ended meanwhile
      javaThreads += nanos;
      String thread = info.getThreadName();
      threadGroups.entrySet().stream().filter(g -> g.getValue().test(thread)).findFirst()
          .ifPresent(g -> cpu.merge(g.getKey(), nanos, Long::sum));
    }
    long claimed = threadGroups.keySet().stream().mapToLong(cpu::get).sum();
    cpu.put(THIS_JVM_REST, cpuOf(ProcessHandle.current()) - claimed);
    return new Snapshot(System.nanoTime(), cpu, jit, gc);
  }

  /**
   * CPU of the JVM runtime's own threads in {@code root} and its descendants, from
   * {@code /proc/<pid>/task/<tid>/stat} (Linux): compiler threads ("C1/C2 CompilerThre") as JIT,
   * collector threads (G1, Parallel, Serial: "GC Thread#", "G1 ...", "VM Thread" doing pauses) as GC.
   */
  private static void runtimeThreads(ProcessHandle root, Map<String, Long> jit, Map<String, Long> gc, String part) {
    Stream.concat(Stream.of(root), root.descendants()).forEach(p -> {
      try (Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc", Long.toString(p.pid()), "task"))) {
        tasks.forEach(task -> {
          try {
            String stat = java.nio.file.Files.readString(task.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK; // utime, stime
            if (comm.contains("CompilerThre")) {
              jit.merge(part, nanos, Long::sum);
            } else if (comm.startsWith("GC Thread") || comm.startsWith("G1 ") || comm.equals("VM Thread")) {
              gc.merge(part, nanos, Long::sum);
            }
          } catch (java.io.IOException | RuntimeException ended) {
            // the thread ended meanwhile
          }
        });
      } catch (java.io.IOException | RuntimeException ended) {
        // the process ended meanwhile, or this is not Linux
      }
    });
  }

  /** /proc counts CPU in clock ticks of 1/100 s (USER_HZ, fixed at 100 on Linux for user space). */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /**
   * From {@code before} to {@code after}: CPU microseconds per message of each part (and in all),
   * and how many cores were busy on average. A thread that ended between the two is not counted
   * in its group but in the JVM's rest.
   */
  static Map<String, Object> perMessage(Snapshot before, Snapshot after, long messages) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> parts = new LinkedHashMap<>();
    long total = 0;
    for (String part : after.cpuNanos().keySet()) {
      long spent = Math.max(0, after.cpuNanos().get(part) - before.cpuNanos().getOrDefault(part, 0L));
      total += spent;
      parts.put(part, round(spent / 1e3 / Math.max(1, messages)));
    }
    out.put("us_per_msg", parts);
    out.put("jit_us_per_msg", delta(before.jitNanos(), after.jitNanos(), messages));
    out.put("gc_us_per_msg", delta(before.gcNanos(), after.gcNanos(), messages));
    out.put("total_us_per_msg", round(total / 1e3 / Math.max(1, messages)));
    double wall = (after.wallNanos() - before.wallNanos()) / 1e9;
    out.put("cores_busy", round(total / 1e9 / wall));
    out.put("messages", messages);
    out.put("seconds", round(wall));
    return out;
  }

  /** Cores that the JIT compilers of every part took on average from {@code before} to {@code after}. */
  static double jitCores(Snapshot before, Snapshot after) {
    long nanos = after.jitNanos().entrySet().stream()
        .mapToLong(e -> Math.max(0, e.getValue() - before.jitNanos().getOrDefault(e.getKey(), 0L))).sum();
    return nanos / (double) Math.max(1, after.wallNanos() - before.wallNanos());
  }

  private static Map<String, Double> delta(Map<String, Long> before, Map<String, Long> after, long messages) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach((part, nanos) -> out.put(part, round(Math.max(0, nanos - before.getOrDefault(part, 0L)) / 1e3 / Math.max(1, messages))));
    return out;
  }

  /** The ledger as lines for people, largest first, with each process's JIT and GC share. */
  @SuppressWarnings("unchecked")
  static String table(Map<String, Object> ledger) {
    StringBuilder s = new StringBuilder();
    Map<String, Double> parts = (Map<String, Double>) ledger.get("us_per_msg");
    Map<String, Double> jit = (Map<String, Double>) ledger.get("jit_us_per_msg");
    Map<String, Double> gc = (Map<String, Double>) ledger.get("gc_us_per_msg");
    parts.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> s.append(String.format(Locale.ROOT, "  %-44s %8.1f µs/msg%s%n", e.getKey(), e.getValue(),
            jit.containsKey(e.getKey()) || gc.containsKey(e.getKey()) ? String.format(Locale.ROOT, "   (JIT %.1f, GC %.1f)",
                jit.getOrDefault(e.getKey(), 0.0), gc.getOrDefault(e.getKey(), 0.0)) : "")));
    s.append(String.format(Locale.ROOT, "  %-44s %8.1f µs/msg (%s cores busy over %s s, %,d messages)%n", "all", ledger.get("total_us_per_msg"),
        ledger.get("cores_busy"), ledger.get("seconds"), (Long) ledger.get("messages")));
    return s.toString();
  }

  private static long withDescendants(ProcessHandle root) {
    return Stream.concat(Stream.of(root), root.descendants()).mapToLong(CpuLedger::cpuOf).sum();
  }

  private static long cpuOf(ProcessHandle p) {
    return p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
