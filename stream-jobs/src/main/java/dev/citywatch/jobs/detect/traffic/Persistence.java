package dev.citywatch.jobs.detect.traffic;

/**
 * Since when a segment's condition has held on every update, and since when it has not: a
 * persistence rule fires once one side has lasted long enough. A Flink POJO.
 */
public class Persistence {
  private static final long NEVER = Long.MIN_VALUE;
  public long holdsSince = NEVER;
  public long failsSince = NEVER;

  public Persistence() {}

  void see(boolean holds, long time) {
    if (holds) {
      failsSince = NEVER;
      if (holdsSince == NEVER) holdsSince = time;
    } else {
      holdsSince = NEVER;
      if (failsSince == NEVER) failsSince = time;
    }
  }

  /** How long the condition has been {@code holds} at {@code now}, in ms; -1 when it is not. */
  long heldFor(boolean holds, long now) {
    long since = holds ? holdsSince : failsSince;
    return since == NEVER ? -1 : now - since;
  }
}
