package dev.palisade.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code promtool check metrics} (installed by bin/test-peers) on a scrape. */
final class Promtool {
  private Promtool() {}

  /** "0:" when the scrape passes, else the exit code and promtool's complaints. */
  static String check(String scrape) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(scrape.getBytes(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream o = p.getInputStream()) {
      o.transferTo(out);
    }
    return p.waitFor() + ":" + out.toString(StandardCharsets.UTF_8).trim();
  }
}
