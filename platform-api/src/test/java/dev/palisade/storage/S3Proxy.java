package dev.palisade.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * s3proxy (the S3 protocol on a filesystem backend, with signature checking) run as its own process
 * on a free loopback port, for tests. The jar is copied next to the build by Maven ({@code
 * palisade.s3proxy.jar}). {@link #stop()} and {@link #start()} take it away and bring it back on
 * the same port and directory.
 */
public final class S3Proxy implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIDPALISADETEST";
  public static final String SECRET = "planted-s3-secret-7Qx2ZvR1";
  public static final String REGION = "us-east-1";

  private final Path dir;
  private final int port;
  private Process process;

  private S3Proxy(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** A running s3proxy with {@code buckets} created. */
  public static S3Proxy start(String... buckets) throws Exception {
    Path dir = Files.createTempDirectory("s3proxy");
    for (String b : buckets) {
      Files.createDirectories(dir.resolve("data").resolve(b));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    S3Proxy proxy = new S3Proxy(dir, port);
    proxy.start();
    return proxy;
  }

  /** Where s3proxy keeps the buckets: one directory per bucket, one file per object. */
  public Path dataDir() {
    return dir.resolve("data");
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The settings of a binding on {@code bucket}, as an organization admin sends them. */
  public Map<String, Object> settings(String bucket, String prefix, String secret) {
    return Map.of(
        "bucket", bucket,
        "region", REGION,
        "endpoint", endpoint(),
        "prefix", prefix,
        "pathStyle", true,
        "accessKeyId", ACCESS_KEY,
        "secretAccessKey", secret);
  }

  public synchronized void start() throws Exception {
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint(),
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + ACCESS_KEY,
            "s3proxy.credential=" + SECRET,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + dir.resolve("data"),
            ""));
    String jar = System.getProperty("palisade.s3proxy.jar", "target/peers/s3proxy.jar");
    process =
        new ProcessBuilder(
                List.of("java", "-Xmx256m", "-jar", jar, "--properties", conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("s3proxy.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "s3proxy did not start: " + Files.readString(dir.resolve("s3proxy.log")));
      }
      TimeUnit.MILLISECONDS.sleep(50); // polling a starting process for its port
    }
  }

  private boolean answers() {
    try {
      HttpURLConnection c =
          (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
      c.setConnectTimeout(200);
      c.setReadTimeout(1000);
      c.getResponseCode();
      c.disconnect();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the process; the data stays for {@link #start()}. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      process = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (UncheckedIOException e) {
      // temporary directory
    }
  }
}
