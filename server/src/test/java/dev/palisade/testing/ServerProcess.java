package dev.palisade.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    Path jar = Path.of(System.getProperty("palisade.server.jar", "target/palisade-server.jar"));
    assertThat(jar).exists();
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", jar.toString()).redirectErrorStream(true);
    pb.environment().put("PALISADE_HTTP_PORT", Integer.toString(port));
    pb.environment().put("PALISADE_LOG_FORMAT", "text");
    pb.environment().put("PALISADE_SCHEDULER_ENABLED", "false");
    pb.environment().putAll(env);
    process = pb.start();
    Thread reader = new Thread(this::read, "server-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the jar on {@code db} and {@code home} and waits until it serves. */
  public static ServerProcess start(TestDatabase db, Path home, Map<String, String> env)
      throws Exception {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("PALISADE_HOME", home.toString());
    all.put("PALISADE_DATABASE_URL", db.url());
    all.put("PALISADE_DATABASE_TENANT_PREFIX", db.tenantPrefix());
    ServerProcess p = new ServerProcess(all);
    try {
      p.running.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.close();
      throw new AssertionError("the server did not start:\n" + p.output(), e);
    }
    return p;
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
