package dev.citywatch.model.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** An inventory that cannot be used, with every problem found in it (not just the first). */
public final class InventoryException extends Exception {
  private final List<InventoryProblem> problems;

  public InventoryException(List<InventoryProblem> problems) {
    super(problems.size() + " problem(s) in the inventory:\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<InventoryProblem> problems() {
    return problems;
  }
}
