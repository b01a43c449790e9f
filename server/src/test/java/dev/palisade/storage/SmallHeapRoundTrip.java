package dev.palisade.storage;

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

/**
 * One file of {@code size} bytes uploaded to and downloaded from the packaged server running with
 * {@code -Xmx256m} on a fresh install: what came back, and how long each way took.
 */
public final class SmallHeapRoundTrip {
  /** The answers, the SHA-256 sent and read back, bytes read, nanoseconds each way, server log. */
  public record Result(
      int putStatus,
      String putBody,
      int getStatus,
      long contentLength,
      String sent,
      String received,
      long read,
      long upNanos,
      long downNanos,
      String output) {}

  private SmallHeapRoundTrip() {}

  public static Result run(long size) throws Exception {
    Path home = Files.createTempDirectory("palisade-home");
    try (TestDatabase db = TestDatabase.create();
        ServerProcess server =
            ServerProcess.start(db, home, Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m"))) {
      Http http = server.http();
      String setupToken = Files.readString(home.resolve("setup-token")).trim();
      http.post(
          "/api/v1/setup",
          Http.json(
              "setupToken", setupToken,
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
      http.post("/api/v1/orgs", Http.json("slug", "acme", "name", "Acme"), admin);

      HttpClient client = HttpClient.newHttpClient();
      URI file = URI.create(http.base() + "/api/v1/orgs/acme/files/archive/large.bin");
      MessageDigest sent = Hashes.sha256();
      long start = System.nanoTime();
      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(file)
                  .header("Authorization", "Bearer " + admin)
                  .header("Content-Type", "application/octet-stream")
                  .PUT(
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofInputStream(
                              () -> new GeneratedBody(size, 11, sent)),
                          size))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long up = System.nanoTime() - start;
      start = System.nanoTime();
      HttpResponse<InputStream> get =
          client.send(
              HttpRequest.newBuilder(file).header("Authorization", "Bearer " + admin).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest back = Hashes.sha256();
      long read = 0;
      try (InputStream in = get.body()) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          back.update(buf, 0, n);
          read += n;
        }
      }
      long down = System.nanoTime() - start;
      return new Result(
          put.statusCode(),
          put.body(),
          get.statusCode(),
          get.headers().firstValueAsLong("Content-Length").orElse(-1),
          HexFormat.of().formatHex(sent.digest()),
          HexFormat.of().formatHex(back.digest()),
          read,
          up,
          down,
          server.output());
    }
  }
}
