package dev.citywatch.jobs.nab;

import dev.citywatch.jobs.detect.traffic.AnomalyScorer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streams every file of a NAB-layout corpus through {@link AnomalyScorer}, row by row without
 * look-ahead, writes {@code <out>/<category>/<file>.csv} ({@code timestamp,value,anomaly_score}),
 * and scores the result with {@link NabScorer} under every profile.
 */
public final class NabRunner {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private NabRunner() {}

  public static List<NabSeries> run(List<NabCorpus.DataFile> files, Path out, PrintStream progress) throws IOException {
    List<NabSeries> scored = new ArrayList<>();
    for (NabCorpus.DataFile f : files) {
      long started = System.nanoTime();
      AnomalyScorer scorer = new AnomalyScorer();
      double[] scores = new double[f.values().length];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = scorer.score(LocalDateTime.parse(f.timestamps().get(i).substring(0, 19), TIME), f.values()[i]);
      }
      NabSeries series = new NabSeries(f.name(), f.timestamps(), f.values(), scores);
      scored.add(series);
      if (out != null) write(out.resolve(f.name()), series);
      progress.printf(Locale.ROOT, "[nab] %-50s %5d rows  %4d ms%n", f.name(), scores.length, (System.nanoTime() - started) / 1_000_000);
    }
    return scored;
  }

  public static List<NabScorer.Result> score(List<NabSeries> scored, Map<String, List<String[]>> windows) {
    return NabProfile.all().stream().map(p -> NabScorer.score(scored, windows, p)).toList();
  }

  private static void write(Path file, NabSeries s) throws IOException {
    Files.createDirectories(file.getParent());
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("timestamp,value,anomaly_score\n");
      for (int i = 0; i < s.rows(); i++) {
        w.write(s.timestamps().get(i) + "," + s.values()[i] + "," + String.format(Locale.ROOT, "%.6f", s.scores()[i]) + "\n");
      }
    }
  }
}
