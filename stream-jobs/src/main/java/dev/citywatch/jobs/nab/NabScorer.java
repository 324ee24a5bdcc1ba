package dev.citywatch.jobs.nab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Numenta Anomaly Benchmark's scoring (data/nab/SCORING.md): probation, scaled sigmoid reward
 * of the earliest detection in each window, sigmoid cost of false detections relative to the
 * window before them, one threshold for the whole corpus chosen to maximise the total, and the
 * score normalised between a detector that never fires (0) and a perfect one (100).
 *
 * <p>The threshold search sorts every scored row once and adds detections from the highest score
 * down, so it costs O(n log n) however many distinct scores there are.
 */
public final class NabScorer {
  private NabScorer() {}

  /** The best score over thresholds, and the threshold that gives it. */
  public record Result(NabProfile profile, double score, double threshold, double raw, int windows) {}

  /** A row that matters for scoring: its score, the window it lies in (-1: none), and its worth if detected. */
  private record Row(double score, int window, double worth) {}

  public static Result score(List<NabSeries> corpus, Map<String, List<String[]>> windows, NabProfile profile) {
    List<Row> rows = new ArrayList<>();
    int windowCount = 0;
    for (NabSeries s : corpus) {
      List<int[]> spans = spans(s, windows.getOrDefault(s.name(), List.of()));
      int probation = probation(s.rows());
      for (int i = probation; i < s.rows(); i++) {
        int w = -1;
        for (int k = 0; k < spans.size(); k++) {
          if (spans.get(k)[0] <= i && i <= spans.get(k)[1]) w = k;
        }
        if (w >= 0) {
          int[] span = spans.get(w);
          int width = span[1] - span[0] + 1;
          rows.add(new Row(s.scores()[i], windowCount + w, profile.tpWeight() * sigmoid(-(span[1] - i + 1.0) / width) / sigmoid(-1)));
        } else {
          int[] before = null;
          for (int[] span : spans) {
            if (span[1] < i) before = span;
          }
          double cost = before == null ? -1.0 : sigmoid(Math.abs(before[1] - i) / (before[1] - before[0] + 1.0 - 1));
          rows.add(new Row(s.scores()[i], -1, profile.fpWeight() * cost));
        }
      }
      windowCount += spans.size();
    }
    rows.sort(Comparator.comparingDouble(Row::score).reversed());
    double[] best = new double[windowCount];
    boolean[] detected = new boolean[windowCount];
    double total = -profile.fnWeight() * windowCount;
    double bestTotal = total;
    double bestThreshold = Double.POSITIVE_INFINITY;
    for (int j = 0; j < rows.size(); ) {
      double score = rows.get(j).score();
      while (j < rows.size() && rows.get(j).score() == score) {
        Row r = rows.get(j++);
        if (r.window() < 0) {
          total += r.worth();
        } else if (!detected[r.window()]) {
          detected[r.window()] = true;
          best[r.window()] = r.worth();
          total += r.worth() + profile.fnWeight();
        } else if (r.worth() > best[r.window()]) {
          total += r.worth() - best[r.window()];
          best[r.window()] = r.worth();
        }
      }
      if (total > bestTotal) {
        bestTotal = total;
        bestThreshold = score;
      }
    }
    double perfect = profile.tpWeight() * windowCount;
    double none = -profile.fnWeight() * windowCount;
    double normalised = windowCount == 0 ? 0 : 100 * (bestTotal - none) / (perfect - none);
    return new Result(profile, normalised, bestThreshold, bestTotal, windowCount);
  }

  /** Rows never scored at the start of a file: 15 % of it, at most 750. */
  static int probation(int rows) {
    return Math.min((int) Math.floor(0.15 * rows), 750);
  }

  /** NAB's scaled sigmoid: 2 / (1 + e^(5x)) − 1, and −1 beyond x = 3. */
  static double sigmoid(double x) {
    return x > 3 ? -1.0 : 2 / (1 + Math.exp(5 * x)) - 1;
  }

  /** Each window as [first row, last row], from its start and end timestamps (first 19 characters). */
  static List<int[]> spans(NabSeries s, List<String[]> windows) {
    List<int[]> out = new ArrayList<>();
    for (String[] w : windows) {
      String start = w[0].substring(0, Math.min(19, w[0].length()));
      String end = w[1].substring(0, Math.min(19, w[1].length()));
      int l = -1;
      int r = -1;
      for (int i = 0; i < s.rows(); i++) {
        String t = s.timestamps().get(i);
        if (l < 0 && t.compareTo(start) >= 0) l = i;
        if (t.compareTo(end) <= 0) r = i;
      }
      if (l >= 0 && r >= l) out.add(new int[] {l, r});
    }
    return out;
  }
}
