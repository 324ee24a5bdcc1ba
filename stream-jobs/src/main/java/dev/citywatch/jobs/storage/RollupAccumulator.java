package dev.citywatch.jobs.storage;

import java.util.HashMap;
import java.util.Map;

/** Running mean/min/max/count per field, plus how many messages a device sent and when it last did. */
public final class RollupAccumulator {
  /** Per field: {count, sum, min, max}. */
  public Map<String, double[]> stats = new HashMap<>();
  public long messages;
  public long lastSeenMillis;
  public String tenant;
  public String device;
  public String kind;

  void add(String field, double value) {
    double[] s = stats.get(field);
    if (s == null) {
      stats.put(field, new double[] {1, value, value, value});
    } else {
      s[0]++;
      s[1] += value;
      s[2] = Math.min(s[2], value);
      s[3] = Math.max(s[3], value);
    }
  }

  RollupAccumulator merge(RollupAccumulator other) {
    other.stats.forEach((field, o) -> {
      double[] s = stats.get(field);
      if (s == null) {
        stats.put(field, o.clone());
      } else {
        s[0] += o[0];
        s[1] += o[1];
        s[2] = Math.min(s[2], o[2]);
        s[3] = Math.max(s[3], o[3]);
      }
    });
    messages += other.messages;
    lastSeenMillis = Math.max(lastSeenMillis, other.lastSeenMillis);
    if (tenant == null) {
      tenant = other.tenant;
      device = other.device;
      kind = other.kind;
    }
    return this;
  }
}
