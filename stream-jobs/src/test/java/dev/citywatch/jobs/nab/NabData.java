package dev.citywatch.jobs.nab;

import java.nio.file.Path;

/** Where the NAB subset lives in the repository (data/nab, MIT licence, see its LICENSE.txt). */
final class NabData {
  private NabData() {}

  static Path root() {
    return Path.of(System.getProperty("citywatch.root", ".."), "data", "nab");
  }
}
