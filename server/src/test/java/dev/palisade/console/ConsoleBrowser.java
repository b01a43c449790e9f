package dev.palisade.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Runs one scenario of {@code console-web/src/test/browser} with node: Debian's Chromium through
 * playwright-core, against a running server. The packages are installed by {@code bin/test-peers}
 * ({@code npm ci} there).
 */
final class ConsoleBrowser {
  static final Path DIR = locate();
  static final Path SHOTS = Path.of("target", "console-screenshots").toAbsolutePath();
  static final Path DOWNLOADS = Path.of("target", "console-downloads").toAbsolutePath();

  private final String base;
  private final String email;
  private final String password;
  private final String org;

  ConsoleBrowser(String base, String email, String password, String org) {
    this.base = base;
    this.email = email;
    this.password = password;
    this.org = org;
  }

  private static Path locate() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("console-web/src/test/browser");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("console-web/src/test/browser not found above " + here);
  }

  /** The scenario's JSON result; fails the test with the scenario's own message otherwise. */
  JsonNode run(String scenario, Map<String, Object> expect) {
    return run(
        scenario,
        expect,
        q -> {
          throw new AssertionError(scenario + " asked " + q + ", which this test does not answer");
        });
  }

  /**
   * As {@link #run(String, Map)}, answering the scenario's questions (a line {@code @@<question>}
   * on its output, answered with one line on its input) with {@code answers}, for what only the
   * test can do, such as reading or moving the server's clock.
   */
  JsonNode run(String scenario, Map<String, Object> expect, UnaryOperator<String> answers) {
    try {
      Files.createDirectories(SHOTS);
      Files.createDirectories(DOWNLOADS);
      if (!Files.isDirectory(DIR.resolve("node_modules/playwright-core"))) {
        throw new IllegalStateException(
            "playwright-core is not installed in " + DIR + ": run bin/test-peers first");
      }
      ProcessBuilder pb =
          new ProcessBuilder(List.of("node", "run.mjs", scenario)).directory(DIR.toFile());
      Map<String, String> env = pb.environment();
      env.put("CONSOLE_BASE", base);
      env.put("CONSOLE_EMAIL", email);
      env.put("CONSOLE_PASSWORD", password);
      env.put("CONSOLE_ORG", org);
      env.put("CONSOLE_SHOTS", SHOTS.toString());
      env.put("CONSOLE_DOWNLOADS", DOWNLOADS.toString());
      env.put("CONSOLE_EXPECT", Http.JSON.writeValueAsString(expect));
      Path err = Files.createTempFile("console-browser", ".err");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      StringBuilder result = new StringBuilder();
      try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("@@")) {
            in.write(answers.apply(line.substring(2)) + "\n");
            in.flush();
          } else {
            result.append(line).append('\n');
          }
        }
      }
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(scenario + " did not finish in 180 s");
      }
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      Files.deleteIfExists(err);
      if (p.exitValue() != 0) {
        throw new AssertionError(scenario + " failed:\n" + stderr);
      }
      return Http.JSON.readTree(result.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
