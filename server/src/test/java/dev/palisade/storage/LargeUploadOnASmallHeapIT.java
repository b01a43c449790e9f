package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;

/**
 * A file twice the size of the server's heap uploads and downloads: the packaged server runs with
 * {@code -Xmx256m} and a 512 MiB body streams through it (bench/storage.sh does 1 GiB).
 */
class LargeUploadOnASmallHeapIT {
  private static final long SIZE = 512L * 1024 * 1024;

  @Test
  void aBodyTwiceTheHeapStreamsInAndOutWithItsSha256() throws Exception {
    Path home = Files.createTempDirectory("palisade-home");
    try (TestDatabase db = TestDatabase.create();
        ServerProcess server =
            ServerProcess.start(db, home, Map.of("JAVA_TOOL_OPTIONS", "-Xmx256m"))) {
      Http http = server.http();
      String setupToken = Files.readString(home.resolve("setup-token")).trim();
      assertThat(
              http.post(
                      "/api/v1/setup",
                      Http.json(
                          "setupToken", setupToken,
                          "email", TestServer.ADMIN_EMAIL,
                          "password", TestServer.PASSWORD),
                      null)
                  .status())
          .isEqualTo(201);
      String admin =
          http.post(
                  "/api/v1/auth/login",
                  Http.json("email", TestServer.ADMIN_EMAIL, "password", TestServer.PASSWORD),
                  null)
              .json()
              .get("accessToken")
              .asText();
      assertThat(
              http.post("/api/v1/orgs", Http.json("slug", "acme", "name", "Acme"), admin).status())
          .isEqualTo(201);

      HttpClient client = HttpClient.newHttpClient();
      URI file = URI.create(http.base() + "/api/v1/orgs/acme/files/archive/large.bin");
      MessageDigest sent = Hashes.sha256();
      HttpResponse<String> put =
          client.send(
              HttpRequest.newBuilder(file)
                  .header("Authorization", "Bearer " + admin)
                  .header("Content-Type", "application/octet-stream")
                  .PUT(
                      HttpRequest.BodyPublishers.fromPublisher(
                          HttpRequest.BodyPublishers.ofInputStream(
                              () -> OrganizationFilesIT.generated(SIZE, sent)),
                          SIZE))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(put.statusCode()).as(put.body() + server.output()).isEqualTo(200);
      String expected = HexFormat.of().formatHex(sent.digest());
      assertThat(put.body()).contains(expected);

      HttpResponse<InputStream> get =
          client.send(
              HttpRequest.newBuilder(file).header("Authorization", "Bearer " + admin).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(SIZE);
      MessageDigest back = Hashes.sha256();
      long read = 0;
      try (InputStream in = get.body()) {
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          back.update(buf, 0, n);
          read += n;
        }
      }
      assertThat(read).isEqualTo(SIZE);
      assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(expected);
      assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
  }
}
