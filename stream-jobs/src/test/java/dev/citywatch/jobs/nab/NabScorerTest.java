package dev.citywatch.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NabScorerTest {
  /** The published score files of a detector (reference/<detector>/<category>/<detector>_<file>.csv). */
  private static List<NabSeries> reference(String detector) throws IOException {
    List<NabSeries> out = new ArrayList<>();
    Path dir = NabData.root().resolve("reference").resolve(detector);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f).subList(1, Files.readAllLines(f).size());
        String name = f.getParent().getFileName() + "/" + f.getFileName().toString().substring(detector.length() + 1);
        out.add(new NabSeries(name, lines.stream().map(l -> l.split(",")[0]).toList(),
            lines.stream().mapToDouble(l -> Double.parseDouble(l.split(",")[1])).toArray(),
            lines.stream().mapToDouble(l -> Double.parseDouble(l.split(",")[2])).toArray()));
      }
    }
    return out;
  }

  @Test
  void reproducesThePublishedFiguresOfArtimeAndWindowedGaussianUnderAllThreeProfiles() throws IOException {
    Map<String, List<String[]>> windows = NabCorpus.windows(NabData.root().resolve("windows.json"));
    List<NabSeries> artime = reference("ARTime");
    List<NabSeries> gaussian = reference("windowedGaussian");
    assertThat(artime).hasSize(18);
    assertThat(NabScorer.score(artime, windows, NabProfile.STANDARD).score()).isCloseTo(82.5, offset(0.05));
    assertThat(NabScorer.score(artime, windows, NabProfile.LOW_FP).score()).isCloseTo(76.7, offset(0.05));
    assertThat(NabScorer.score(artime, windows, NabProfile.LOW_FN).score()).isCloseTo(86.7, offset(0.05));
    assertThat(NabScorer.score(gaussian, windows, NabProfile.STANDARD).score()).isCloseTo(47.4, offset(0.05));
    assertThat(NabScorer.score(gaussian, windows, NabProfile.LOW_FP).score()).isCloseTo(39.7, offset(0.05));
    assertThat(NabScorer.score(gaussian, windows, NabProfile.LOW_FN).score()).isCloseTo(56.4, offset(0.05));
    assertThat(NabScorer.score(artime, windows, NabProfile.STANDARD).threshold()).isEqualTo(0.401887);
    List<NabSeries> traffic = artime.stream().filter(s -> s.name().startsWith("realTraffic/")).toList();
    assertThat(NabScorer.score(traffic, windows, NabProfile.STANDARD).score()).isCloseTo(88.3, offset(0.05));
  }

  /**
   * One file of 100 rows (probation: the first 15), one window at rows 40-59 (width 20). Scores:
   * a detection in probation (row 5, ignored), an early one in the window (row 42) and a late one
   * (row 55, not counted: only the earliest counts), a false alarm right after the window (row 60)
   * and one far from it (row 95).
   */
  @Test
  void aHandComputedFileScoresAsWorkedOut() {
    List<String> times = IntStream.range(0, 100)
        .mapToObj(i -> String.format("2020-01-01 %02d:%02d:00", i / 60, i % 60)).toList();
    double[] scores = new double[100];
    scores[5] = 1;
    scores[42] = 1;
    scores[55] = 1;
    scores[60] = 1;
    scores[95] = 1;
    NabSeries s = new NabSeries("cat/file.csv", times, new double[100], scores);
    Map<String, List<String[]>> windows = Map.of("cat/file.csv", List.<String[]>of(new String[] {times.get(40), times.get(59)}));
    NabScorer.Result r = NabScorer.score(List.of(s), windows, NabProfile.STANDARD);
    // Early detection: x = -(59 - 42 + 1) / 20 = -0.9, worth S(-0.9) / S(-1).
    double early = sig(-0.9) / sig(-1);
    // After the window: x = |59 - i| / 19; row 60: S(1/19); row 95: S(36/19).
    double afterWindow = 0.11 * sig(1.0 / 19);
    double far = 0.11 * sig(36.0 / 19);
    double raw = early + afterWindow + far;
    assertThat(r.threshold()).isEqualTo(1.0);
    assertThat(r.raw()).isCloseTo(raw, offset(1e-12));
    assertThat(r.score()).isCloseTo(100 * (raw + 1) / 2, offset(1e-9));
    assertThat(early).isCloseTo(0.99130, offset(1e-5));
    assertThat(afterWindow).isCloseTo(-0.01439, offset(1e-5));
    assertThat(far).isCloseTo(-0.10998, offset(1e-5));
    assertThat(Arrays.stream(scores).sum()).isEqualTo(5);
  }

  private static double sig(double x) {
    return 2 / (1 + Math.exp(5 * x)) - 1;
  }
}
