package dev.citywatch.jobs.nab;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.citywatch.model.wire.WireJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A corpus in the NAB layout: {@code <dir>/<category>/<file>.csv} with columns
 * {@code timestamp,value} (timestamps {@code yyyy-MM-dd HH:mm:ss}), and a windows file mapping
 * {@code "<category>/<file>.csv"} to {@code [start, end]} pairs.
 */
public final class NabCorpus {
  private NabCorpus() {}

  /** One file's rows. */
  public record DataFile(String name, List<String> timestamps, double[] values) {}

  /** Every CSV under {@code dir}, one level of categories, sorted by name; a file that does not parse is an error naming its line. */
  public static List<DataFile> read(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a directory (expected <category>/<file>.csv below it)");
    List<DataFile> files = new ArrayList<>();
    try (Stream<Path> categories = Files.list(dir)) {
      for (Path category : categories.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> csvs = Files.list(category)) {
          for (Path csv : csvs.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
            files.add(readFile(category.getFileName() + "/" + csv.getFileName(), csv));
          }
        }
      }
    }
    if (files.isEmpty()) throw new IOException("no <category>/<file>.csv files under " + dir);
    return files;
  }

  static DataFile readFile(String name, Path csv) throws IOException {
    List<String> timestamps = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().startsWith("timestamp,value")) {
        throw new IOException(csv + ":1: expected the header 'timestamp,value', got '" + header + "'");
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) continue;
        String[] parts = line.split(",");
        try {
          if (parts.length < 2 || parts[0].length() < 19) throw new NumberFormatException("two columns expected");
          timestamps.add(parts[0].strip());
          values.add(Double.parseDouble(parts[1].strip()));
        } catch (NumberFormatException e) {
          throw new IOException(csv + ":" + n + ": not 'yyyy-MM-dd HH:mm:ss,number': '" + line + "'");
        }
      }
    }
    return new DataFile(name, timestamps, values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The windows file: file name → list of [start, end]. */
  public static Map<String, List<String[]>> windows(Path file) throws IOException {
    Map<String, List<List<String>>> raw = WireJson.mapper().readValue(file.toFile(), new TypeReference<>() {});
    Map<String, List<String[]>> out = new java.util.HashMap<>();
    raw.forEach((name, list) -> out.put(name, list.stream().map(w -> new String[] {w.get(0), w.get(1)}).toList()));
    return out;
  }
}
