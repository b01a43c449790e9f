package dev.palisade.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the offline packaging tools ({@code node} with the checks in {@code deploy/checks}, {@code
 * kubectl kustomize}, {@code dpkg-deb}, {@code lintian}, {@code systemd-analyze}) from the
 * repository root. The npm packages are installed by {@code bin/test-peers} ({@code npm ci}).
 */
public final class DeployTools {
  /** The repository root: the directory above the module that holds {@code deploy/}. */
  public static final Path ROOT = locateRoot();

  private DeployTools() {}

  /** What one command printed (standard output and error together) and how it ended. */
  public record Result(int exitCode, String output) {
    public Result {
      java.util.Objects.requireNonNull(output, "output is null");
    }
  }

  /** Runs {@code command} in the repository root, waiting at most ten minutes. */
  public static Result run(List<String> command) {
    return run(command, Duration.ofMinutes(10));
  }

  /**
   * Runs {@code command} in the repository root, waiting at most {@code timeout} (lintian reads
   * every class of the server jar: minutes on a busy machine).
   */
  public static Result run(List<String> command, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile());
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command + " did not end within " + timeout);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs one of the node scripts in {@code deploy/checks} with {@code args}. */
  public static Result node(String script, String... args) {
    Path checks = ROOT.resolve("deploy/checks");
    if (!Files.isDirectory(checks.resolve("node_modules/dockerfile-ast"))) {
      throw new IllegalStateException(
          "the packages of " + checks + " are not installed: run bin/test-peers first");
    }
    List<String> command =
        new java.util.ArrayList<>(List.of("node", checks.resolve(script).toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  /** The default API port, as the server's own configuration sets it. */
  public static String apiPort() {
    try {
      String yml = Files.readString(ROOT.resolve("server/src/main/resources/application.yml"));
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("port: \\$\\{palisade\\.http\\.port:(\\d+)}")
              .matcher(yml);
      if (!m.find()) {
        throw new IllegalStateException("no palisade.http.port default in application.yml");
      }
      return m.group(1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path locateRoot() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("deploy/checks"))) {
        return p;
      }
    }
    throw new IllegalStateException("deploy/checks not found above " + here);
  }
}
