package dev.citywatch.model.yaml;

/** One mistake in a YAML file (inventory, scenario, criteria): where (file, line, path inside the document) and what. */
public record YamlProblem(String file, int line, String path, String message) {
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
