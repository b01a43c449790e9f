package dev.palisade.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code oathtool}: a TOTP implementation independent of ours (installed by test-peers).
 */
public final class Oathtool {
  private Oathtool() {}

  /** The 6-digit SHA-1 TOTP code of {@code base32Secret} at {@code at} (30-second steps). */
  public static String totp(String base32Secret, Instant at) {
    ProcessBuilder pb =
        new ProcessBuilder(
            "oathtool", "--totp", "-b", base32Secret, "-N", "@" + at.getEpochSecond());
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("oathtool failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
