package dev.citywatch.jobs.nab;

import java.util.List;

/**
 * One file of a NAB corpus with a score per row: its name ({@code category/file.csv}), timestamps
 * ({@code yyyy-MM-dd HH:mm:ss}), values, and the detector's anomaly scores.
 */
public record NabSeries(String name, List<String> timestamps, double[] values, double[] scores) {
  public NabSeries {
    timestamps = List.copyOf(timestamps);
    if (values.length != timestamps.size() || scores.length != timestamps.size()) {
      throw new IllegalArgumentException(name + ": timestamps, values and scores differ in length");
    }
  }

  public int rows() {
    return timestamps.size();
  }
}
