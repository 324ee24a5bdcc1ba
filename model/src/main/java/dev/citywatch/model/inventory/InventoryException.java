package dev.citywatch.model.inventory;

import dev.citywatch.model.yaml.YamlException;
import dev.citywatch.model.yaml.YamlProblem;
import java.util.List;

/** An inventory that cannot be used, with every problem found in it (not just the first). */
public final class InventoryException extends YamlException {
  public InventoryException(List<YamlProblem> problems) {
    super("inventory", problems);
  }
}
