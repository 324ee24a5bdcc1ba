package dev.citywatch.launcher.platform;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;

/** What was started, and how to stop it: stopped most recent first, each reported, one failure not stopping the rest. */
public final class Stopper {
  /** How to stop one thing. */
  public interface Action {
    void run() throws Exception;
  }

  private record Entry(String name, Action action) {}

  private final Deque<Entry> started = new ArrayDeque<>();
  private final PrintStream out;

  public Stopper(PrintStream out) {
    this.out = out;
  }

  public synchronized void add(String name, Action action) {
    started.push(new Entry(name, action));
  }

  public synchronized void stopAll() {
    while (!started.isEmpty()) {
      Entry e = started.pop();
      long t0 = System.nanoTime();
      try {
        e.action().run();
        out.printf("  stopped %s (%d ms)%n", e.name(), (System.nanoTime() - t0) / 1_000_000);
      } catch (Exception ex) {
        out.printf("  stopping %s failed: %s%n", e.name(), ex);
      }
    }
    out.flush();
  }
}
