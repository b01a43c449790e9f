package dev.palisade.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server jar run as its own process, as an operator runs it, on a given database and
 * home; its output is collected. {@link #close()} stops it with SIGTERM (SIGKILL if it lingers).
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final StringBuilder output = new StringBuilder();
  private final CompletableFuture<String> running = new CompletableFuture<>();
  private final int port;

  private ServerProcess(Map<String, String> env) throws IOException {
    this.port = freePort();
    process = builder(port, env).redirectErrorStream(true).start();
    Thread reader = new Thread(this::read, "server-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** How a process ended: its exit code and what it wrote to each stream. */
  public record Ended(int exitCode, String stdout, String stderr) {}

  /** The packaged server jar. */
  public static Path jar() {
    Path jar = Path.of(System.getProperty("palisade.server.jar", "target/palisade-server.jar"));
    assertThat(jar).exists();
    return jar.toAbsolutePath();
  }

  private static ProcessBuilder builder(int port, Map<String, String> env) {
    ProcessBuilder pb = new ProcessBuilder("java", "-jar", jar().toString());
    pb.environment().put("PALISADE_HTTP_PORT", Integer.toString(port));
    pb.environment().put("PALISADE_LOG_FORMAT", "text");
    pb.environment().put("PALISADE_SCHEDULER_ENABLED", "false");
    TestServer.RAISED_LIMITS.forEach(
        (k, v) ->
            pb.environment()
                .put(
                    k.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'),
                    v.toString()));
    pb.environment().putAll(env);
    return pb;
  }

  /**
   * Runs the jar with exactly {@code env} on top of this process's environment (no database or home
   * is added) until it ends by itself, for start-ups that must fail.
   */
  public static Ended runToEnd(Map<String, String> env, Duration timeout) throws Exception {
    Path dir = Files.createTempDirectory("palisade-run");
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process p =
        builder(freePort(), env).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(
          "the server did not end within " + timeout + ":\n" + Files.readString(out));
    }
    return new Ended(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Starts the jar with {@code env} on top of this process's environment, adding nothing. */
  public static ServerProcess startWith(Map<String, String> env) throws Exception {
    ServerProcess p = new ServerProcess(env);
    try {
      p.running.get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.close();
      throw new AssertionError("the server did not start:\n" + p.output(), e);
    }
    return p;
  }

  /** Starts the jar on {@code db} and {@code home} and waits until it serves. */
  public static ServerProcess start(TestDatabase db, Path home, Map<String, String> env)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("PALISADE_HOME", home.toString());
    all.put("PALISADE_DATABASE_URL", db.url());
    all.put("PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix());
    return startWith(all);
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        synchronized (output) {
          output.append(line).append('\n');
        }
        if (line.startsWith("Palisade is running at")) {
          running.complete(line);
        }
      }
      running.completeExceptionally(new IllegalStateException("the process ended"));
    } catch (IOException e) {
      running.completeExceptionally(e);
    }
  }

  public Http http() {
    return new Http("http://127.0.0.1:" + port);
  }

  public Process process() {
    return process;
  }

  public String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
