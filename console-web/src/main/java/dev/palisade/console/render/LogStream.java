package dev.palisade.console.render;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/** What the JavaScript bundle prints, one log line per line, bounded in length. */
final class LogStream extends OutputStream {
  private static final int MAX = 2000;
  private final Logger log;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LogStream(Logger log) {
    this.log = log;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine();
    } else if (line.size() < MAX) {
      line.write(b);
    }
  }

  @Override
  public synchronized void flush() {
    flushLine();
  }

  private void flushLine() {
    if (line.size() > 0) {
      log.warn("{}", line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
  }
}
