package dev.citywatch.jobs.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The traffic anomaly scorer on the NAB subset (real traffic and synthetic streams). */
class AnomalyScorerNabTest {
  @Test
  void scoresAtLeast85OnTheSubsetUnderTheStandardProfile() throws Exception {
    List<NabSeries> scored = NabRunner.run(NabCorpus.read(NabData.root().resolve("data")), null, new PrintStream(OutputStream.nullOutputStream()));
    Map<String, List<String[]>> windows = NabCorpus.windows(NabData.root().resolve("windows.json"));
    List<NabScorer.Result> results = NabRunner.score(scored, windows);
    NabScorer.Result standard = results.get(0);
    assertThat(standard.profile()).isEqualTo(NabProfile.STANDARD);
    assertThat(standard.windows()).isEqualTo(20);
    assertThat(standard.score()).as("standard profile").isGreaterThanOrEqualTo(85.0);
    assertThat(results.get(1).score()).as("low FP profile").isGreaterThan(76.7);
    assertThat(results.get(2).score()).as("low FN profile").isGreaterThan(86.7);
    // Streaming: a file's scores up to row i never depend on rows after i.
    NabSeries first = scored.get(scored.size() - 1);
    NabCorpus.DataFile cut = new NabCorpus.DataFile(first.name(), first.timestamps().subList(0, 500),
        java.util.Arrays.copyOf(first.values(), 500));
    NabSeries prefix = NabRunner.run(List.of(cut), null, new PrintStream(OutputStream.nullOutputStream())).get(0);
    assertThat(prefix.scores()).containsExactly(java.util.Arrays.copyOf(first.scores(), 500));
  }
}
