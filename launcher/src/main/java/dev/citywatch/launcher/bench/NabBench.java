package dev.citywatch.launcher.bench;

import dev.citywatch.jobs.nab.NabCorpus;
import dev.citywatch.jobs.nab.NabRunner;
import dev.citywatch.jobs.nab.NabScorer;
import dev.citywatch.jobs.nab.NabSeries;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench nab}: the traffic anomaly scorer on a corpus in the Numenta Anomaly Benchmark layout. */
@Command(name = "nab", mixinStandardHelpOptions = true,
    description = {"Streams every <category>/<file>.csv under --data through the traffic anomaly scorer (row by row, no look-ahead),",
        "writes <out>/<category>/<file>.csv with an anomaly_score column, and prints the NAB score under the three profiles",
        "(threshold optimised over the corpus, normalised). Ends with one JSON line."})
public final class NabBench implements Callable<Integer> {
  @Option(names = "--data", defaultValue = "data/nab/data", description = "Corpus directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--windows", defaultValue = "data/nab/windows.json", description = "Anomaly windows (default: ${DEFAULT-VALUE}).")
  Path windows;

  @Option(names = "--out", defaultValue = "var/nab", description = "Where the scored files go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    List<NabCorpus.DataFile> files = NabCorpus.read(data);
    Bench.step("%d files under %s", files.size(), data);
    List<NabSeries> scored = NabRunner.run(files, out, System.out);
    Map<String, List<String[]>> windowList = NabCorpus.windows(windows);
    List<NabScorer.Result> results = NabRunner.score(scored, windowList);
    Map<String, Object> result = Bench.result("nab");
    result.put("data", data.toString());
    result.put("files", files.size());
    result.put("rows", scored.stream().mapToInt(NabSeries::rows).sum());
    result.put("windows", results.get(0).windows());
    Map<String, Object> scores = new LinkedHashMap<>();
    for (NabScorer.Result r : results) {
      Bench.step("%-20s score %6.2f  (threshold %.6f)", r.profile().name(), r.score(), r.threshold());
      // Ordered maps: the JSON line reads the same on every run (Map.of iterates in no fixed order).
      Map<String, Object> score = new java.util.LinkedHashMap<>();
      score.put("score", Math.round(r.score() * 100) / 100.0);
      score.put("threshold", r.threshold());
      scores.put(r.profile().name(), score);
    }
    result.put("scores", scores);
    Map<String, Object> reference = new java.util.LinkedHashMap<>();
    reference.put("ARTime", 82.5);
    reference.put("Numenta HTM", 78.4);
    reference.put("Windowed Gaussian", 47.4);
    result.put("reference_standard", reference);
    double seconds = (System.nanoTime() - started) / 1e9;
    result.put("seconds", Math.round(seconds * 10) / 10.0);
    Bench.step("scored files in %s; %.1f s", out, seconds);
    Bench.json(result);
    return 0;
  }
}
