package dev.citywatch.model.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** A YAML file that cannot be used, with every problem found in it (not just the first). */
public class YamlException extends Exception {
  private final List<YamlProblem> problems;

  public YamlException(String what, List<YamlProblem> problems) {
    super(problems.size() + " problem(s) in the " + what + ":\n"
        + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<YamlProblem> problems() {
    return problems;
  }
}
