package dev.citywatch.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Java Flight Recorder for the processes a benchmark starts: when {@code CITYWATCH_PROFILE_DIR} is
 * set, each Java process records a profile into {@code <dir>/<name>.jfr} (written when it ends).
 */
public final class Profiling {
  public static final String DIR_VARIABLE = "CITYWATCH_PROFILE_DIR";

  private Profiling() {}

  /** The JVM options that make a process named {@code name} record a profile; none when profiling is off. */
  public static List<String> jvmOptions(String name) {
    String dir = System.getenv(DIR_VARIABLE);
    if (dir == null || dir.isBlank()) return List.of();
    try {
      Files.createDirectories(Path.of(dir));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + dir, e);
    }
    return List.of("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(dir, name + ".jfr").toAbsolutePath());
  }
}
