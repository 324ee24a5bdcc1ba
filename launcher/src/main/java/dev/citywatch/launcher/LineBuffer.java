package dev.citywatch.launcher;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link PrintStream} target that keeps the last lines written to it, so the demo's status panel
 * can show them, and hands each complete line to {@code onLine} (to echo it in a log, say).
 */
final class LineBuffer extends OutputStream {
  private final int keep;
  private final Consumer<String> onLine;
  private final Deque<String> lines = new ArrayDeque<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  LineBuffer(int keep, Consumer<String> onLine) {
    this.keep = keep;
    this.onLine = onLine;
  }

  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b != '\n') {
      partial.write(b);
      return;
    }
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    lines.addLast(line);
    while (lines.size() > keep) lines.removeFirst();
    onLine.accept(line);
  }

  synchronized List<String> last() {
    return List.copyOf(lines);
  }
}
