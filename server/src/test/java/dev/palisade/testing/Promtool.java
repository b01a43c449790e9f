package dev.palisade.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Debian's promtool (installed by bin/test-peers) run on a scrape. */
public final class Promtool {
  private Promtool() {}

  /** {@code "<exit code>:<output>"}; {@code "0:"} when the scrape passes. */
  public static String check(String scrape) throws IOException, InterruptedException {
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
