package dev.citywatch.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bench nab} on a corpus of its own: any directory in the NAB layout will do. */
class NabBenchTest {
  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** Two weeks of a 5-minute daily rhythm, with a level shift on day 12. */
  private static void series(Path csv, LocalDateTime start) throws IOException {
    List<String> lines = new ArrayList<>(List.of("timestamp,value"));
    for (int i = 0; i < 14 * 288; i++) {
      double day = Math.sin(2 * Math.PI * (i % 288) / 288.0);
      double value = 50 + 20 * day + (i >= 12 * 288 && i < 12 * 288 + 36 ? 60 : 0) + ((i * 7919) % 13) / 13.0;
      lines.add(start.plusMinutes(5L * i).format(NAB_TIME) + "," + value);
    }
    Files.createDirectories(csv.getParent());
    Files.write(csv, lines, StandardCharsets.UTF_8);
  }

  @Test
  void scoresEveryFileOfACorpusItHasNeverSeenAndEndsWithOneJsonLine(@TempDir Path dir) throws Exception {
    LocalDateTime start = LocalDateTime.of(2026, 3, 1, 0, 0);
    series(dir.resolve("data/city/segment_a.csv"), start);
    series(dir.resolve("data/city/segment_b.csv"), start.plusDays(1));
    String windowA = "[\"" + start.plusDays(12).minusHours(2).format(NAB_TIME) + ".000000\", \""
        + start.plusDays(12).plusHours(5).format(NAB_TIME) + ".000000\"]";
    String windowB = "[\"" + start.plusDays(13).minusHours(2).format(NAB_TIME) + ".000000\", \""
        + start.plusDays(13).plusHours(5).format(NAB_TIME) + ".000000\"]";
    Files.writeString(dir.resolve("windows.json"),
        "{\"city/segment_a.csv\": [" + windowA + "], \"city/segment_b.csv\": [" + windowB + "]}");

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int exit;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      exit = new CommandLine(new NabBench()).execute("--data", dir.resolve("data").toString(), "--windows",
          dir.resolve("windows.json").toString(), "--out", dir.resolve("out").toString());
    } finally {
      System.setOut(stdout);
    }
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(output).isZero();
    List<String> scored = Files.readAllLines(dir.resolve("out/city/segment_a.csv"));
    assertThat(scored).hasSize(14 * 288 + 1);
    assertThat(scored.get(0)).isEqualTo("timestamp,value,anomaly_score");
    String[] last = output.strip().split("\n");
    String json = last[last.length - 1];
    assertThat(json).startsWith("{\"bench\":\"nab\"").contains("\"files\":2", "\"windows\":2", "\"standard\":{\"score\":");
    double standard = Double.parseDouble(json.replaceAll(".*\"standard\":\\{\"score\":([-0-9.]+).*", "$1"));
    assertThat(standard).as("both level shifts found, nothing else").isGreaterThan(90);
  }

  @Test
  void aFileThatIsNotNabCsvIsNamedWithItsLine(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("data/city/broken.csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, "timestamp,value\n2026-03-01 00:00:00,1.0\n2026-03-01 00:05:00,lots\n");
    Files.writeString(dir.resolve("windows.json"), "{}");
    NabBench bench = new CommandLine(new NabBench()).parseArgs("--data", dir.resolve("data").toString(), "--windows",
        dir.resolve("windows.json").toString()).commandSpec().commandLine().getCommand();
    assertThatThrownBy(bench::call).isInstanceOf(IOException.class).hasMessageContaining("broken.csv:3");
  }
}
