package dev.palisade.keys.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real SoftHSM2 token for the tests, in a token directory of their own. {@code SOFTHSM2_CONF}
 * must name a file under {@code target/} in the test JVM's environment (failsafe sets it): the
 * library reads it once, when SunPKCS11 first loads it, so the token is created before that.
 */
final class SoftHsm {
  static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
  static final String TOKEN_LABEL = "palisade-test";
  static final String PIN = "pin-planted-4417-Kq9";
  static final String SO_PIN = "5678";
  private static boolean initialized;

  private SoftHsm() {}

  /** Initializes the token once per JVM; later calls return at once. */
  static synchronized void token() throws IOException, InterruptedException {
    if (initialized) {
      return;
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    assertThat(conf)
        .as("SOFTHSM2_CONF must be set for the test JVM (the failsafe configuration sets it)")
        .isNotBlank();
    assertThat(Path.of(LIBRARY)).as("softhsm2 is not installed: run bin/test-peers").exists();
    Path confFile = Path.of(conf);
    Path tokens = confFile.resolveSibling("tokens");
    if (Files.exists(tokens)) {
      try (Stream<Path> s = Files.walk(tokens)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(tokens);
    Files.writeString(
        confFile,
        "directories.tokendir = "
            + tokens
            + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
    run(
        "softhsm2-util",
        "--init-token",
        "--free",
        "--label",
        TOKEN_LABEL,
        "--so-pin",
        SO_PIN,
        "--pin",
        PIN);
    initialized = true;
  }

  /** Runs a command with the tests' SOFTHSM2_CONF and returns its output; fails on exit != 0. */
  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }

  static Pkcs11KeysConfig config(String label, boolean create) {
    return new Pkcs11KeysConfig(LIBRARY, null, 0, PIN, label, create);
  }
}
