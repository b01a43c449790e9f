package dev.palisade.bench;

import dev.palisade.crypto.Hashes;
import dev.palisade.testing.Http;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

/**
 * A 1 GiB file uploaded to and downloaded from the packaged server running with {@code -Xmx256m}:
 * the body streams, is hashed on the way, and comes back with the same SHA-256. Not a test: run
 * through {@code bench/storage.sh heap}.
 */
public final class StorageHeapBenchmark {
  private static final long SIZE = 1L << 30;

  private StorageHeapBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("palisade-home");
    try (TestDatabase db = TestDatabase.create();
        ServerProcess server =
            ServerProcess.start(db, home, Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m"))) {
      Http http = server.http();
      http.post(
          "/api/v1/setup",
          Http.json(
              "setupToken", Files.readString(home.resolve("setup-token")).trim(),
              "email", TestServer.ADMIN_EMAIL,
              "password", TestServer.PASSWORD),
          null);
      String admin =
          http.post(
                  "/api/v1/auth/login",
                  Http.json("email", TestServer.ADMIN_EMAIL, "password", TestServer.PASSWORD),
                  null)
              .json()
              .get("accessToken")
              .asText();
      http.post("/api/v1/orgs", Http.json("slug", "bench", "name", "Bench"), admin);
      HttpClient client = HttpClient.newHttpClient();
      URI file = URI.create(http.base() + "/api/v1/orgs/bench/files/one-gib.bin");
      MessageDigest sent = Hashes.sha256();
      Random random = new Random(1);
      long start = System.nanoTime();
      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(file)
                  .header("Authorization", "Bearer " + admin)
                  .PUT(
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofInputStream(() -> generated(random, sent)),
                          SIZE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long up = System.nanoTime() - start;
      MessageDigest back = Hashes.sha256();
      start = System.nanoTime();
      HttpResponse<InputStream> get =
          client.send(
              HttpRequest.newBuilder(file).header("Authorization", "Bearer " + admin).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = get.body()) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          back.update(buf, 0, n);
        }
      }
      long down = System.nanoTime() - start;
      System.out.printf(
          "1 GiB at -Xmx256m: upload %d (%.0f MiB/s), download %d (%.0f MiB/s), SHA-256 %s%n",
          put.statusCode(),
          1024 / (up / 1e9),
          get.statusCode(),
          1024 / (down / 1e9),
          HexFormat.of().formatHex(sent.digest()).equals(HexFormat.of().formatHex(back.digest()))
              ? "matches"
              : "DIFFERS");
    }
    System.exit(0);
  }

  private static InputStream generated(Random random, MessageDigest digest) {
    return new InputStream() {
      private final byte[] block = new byte[1 << 16];
      private long left = SIZE;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, left), block.length);
        random.nextBytes(block);
        System.arraycopy(block, 0, b, off, n);
        digest.update(block, 0, n);
        left -= n;
        return n;
      }
    };
  }
}
