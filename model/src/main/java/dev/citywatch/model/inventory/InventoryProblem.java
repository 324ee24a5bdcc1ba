package dev.citywatch.model.inventory;

/** One mistake in an inventory file: where (file, line, path inside the document) and what. */
public record InventoryProblem(String file, int line, String path, String message) {
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + (path.isEmpty() ? "" : path + ": ") + message;
  }
}
