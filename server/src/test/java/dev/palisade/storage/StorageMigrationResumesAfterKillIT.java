package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.crypto.Hashes;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * 1,000 files move from the bundled storage to an S3 bucket (s3proxy) and then to a dedicated
 * directory. The first run is killed (SIGKILL of the packaged server) in the middle of a batch;
 * after a restart it continues, copies no verified object twice, and every file still has its
 * SHA-256 at the end.
 */
class StorageMigrationResumesAfterKillIT {
  private static final int FILES = 1000;
  private static final String RUNNER = "/api/v1/install/jobs/storage-object-migration-runner/run";
  private static final String MEMBER = "files@example.com";
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, String> sha = new ConcurrentHashMap<>();

  @Test
  void movesEveryFileTwiceAcrossAKillWithoutLosingOrRecopyingOne() throws Exception {
    try (S3Proxy s3 = S3Proxy.start("moves")) {
      Map<String, Object> props =
          Map.of(
              "palisade.net.allow", "127.0.0.1/32", "palisade.storage.migration-batch-size", 100);
      TestServer first = TestServer.start(props);
      try {
        String installAdmin = first.installAdmin();
        String orgId = first.createOrg(installAdmin, "acme");
        String admin = first.member(installAdmin, "acme", "storage@example.com", "admin");
        String member = first.member(installAdmin, "acme", MEMBER, "member");
        upload(first.http(), member);

        String s3Binding =
            activate(first.http(), admin, "s3", s3.settings("moves", "acme", S3Proxy.SECRET));
        JsonNode one = first.http().post(RUNNER, "", installAdmin).json();
        assertThat(one.get("status").asText()).as(one.toString()).isEqualTo("success");
        assertThat(verified(first)).isEqualTo(100);
        first.stop();

        try (ServerProcess killed =
            ServerProcess.start(
                first.db(),
                first.home(),
                Map.of(
                    "PALISADE_NET_ALLOW", "127.0.0.1/32",
                    "PALISADE_STORAGE_MIGRATION_BATCH_SIZE", "1000"))) {
          Http http = killed.http();
          String token = login(http, TestServer.ADMIN_EMAIL, null);
          CompletableFuture<Http.Response> batch =
              CompletableFuture.supplyAsync(() -> http.post(RUNNER, "", token));
          Eventually.until(Duration.ofSeconds(60), () -> verified(first) >= 400);
          killed.process().destroyForcibly().waitFor();
          batch.handle((r, e) -> null).join();
        }
        long atKill = verified(first);
        assertThat(atKill).as("killed in the middle of the batch").isBetween(400L, 999L);

        TestServer second = TestServer.restart(first.db(), first.home(), props);
        try {
          String token = second.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
          runUntilDone(second.http(), token, admin(second));
          assertThat(
                  first
                      .db()
                      .countIn(
                          first.db().tenantPrefix() + "acme",
                          "select count(*) from storage_migration_items where attempts <> 1"))
              .isZero();
          assertThat(objectFiles(s3.dataDir().resolve("moves").resolve("acme"))).isEqualTo(FILES);
          assertThat(objectFiles(second.home().resolve("storage").resolve(orgId))).isZero();
          checkEveryFile(second);

          Path dir = Files.createTempDirectory("acme-dedicated");
          String orgAdmin = second.login("storage@example.com", TestServer.PASSWORD, "acme");
          activate(
              second.http(),
              orgAdmin,
              "local_filesystem_dedicated",
              Map.of("path", dir.toString()));
          runUntilDone(second.http(), token, orgAdmin);
          assertThat(objectFiles(dir)).isEqualTo(FILES);
          assertThat(objectFiles(s3.dataDir().resolve("moves").resolve("acme"))).isZero();
          checkEveryFile(second);
          JsonNode runs =
              second.http().get("/api/v1/orgs/acme/storage/migrations", orgAdmin).json();
          assertThat(runs.at("/items/0/state").asText()).isEqualTo("completed");
          assertThat(runs.at("/items/0/items/verified").asInt()).isEqualTo(FILES);
          assertThat(runs.at("/items/1/sourceBindingId").asText()).isNotEqualTo(s3Binding);
          assertThat(runs.at("/items/0/sourceBindingId").asText()).isEqualTo(s3Binding);
        } finally {
          second.stop();
        }
      } finally {
        first.close();
      }
    }
  }

  private String admin(TestServer server) {
    return server.login("storage@example.com", TestServer.PASSWORD, "acme");
  }

  private static String login(Http http, String email, String org) {
    Http.Response r =
        http.post(
            "/api/v1/auth/login",
            Http.json("email", email, "password", TestServer.PASSWORD, "org", org),
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("accessToken").asText();
  }

  private void upload(Http http, String member) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < FILES; i++) {
        int n = i;
        done.add(
            pool.submit(
                () -> {
                  byte[] body = new byte[256 + new Random(n).nextInt(1024)];
                  new Random(n * 31L).nextBytes(body);
                  String key = "batch/" + (n % 10) + "/file-" + n + ".bin";
                  sha.put(key, HexFormat.of().formatHex(Hashes.sha256(body)));
                  return client
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create(base(http) + "/api/v1/orgs/acme/files/" + key))
                              .header("Authorization", "Bearer " + member)
                              .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                              .build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode();
                }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdown();
    }
  }

  private static String base(Http http) {
    return http.base();
  }

  private static String activate(
      Http http, String admin, String type, Map<String, Object> settings) {
    Http.Response created =
        http.post(
            "/api/v1/orgs/acme/storage/bindings",
            Http.json("type", type, "settings", settings),
            admin);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().at("/validation/result").asText()).isEqualTo("passed");
    String id = created.json().get("id").asText();
    Http.Response active =
        http.post(
            "/api/v1/orgs/acme/storage/bindings/" + id + "/activate",
            Http.json("reason", "move the files"),
            admin);
    assertThat(active.status()).as(active.body()).isEqualTo(200);
    return id;
  }

  private static void runUntilDone(Http http, String installAdmin, String orgAdmin) {
    for (int i = 0; i < 40; i++) {
      JsonNode run = http.post(RUNNER, "", installAdmin).json();
      assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
      String state =
          http.get("/api/v1/orgs/acme/storage/migrations", orgAdmin)
              .json()
              .at("/items/0/state")
              .asText();
      if (state.equals("completed")) {
        return;
      }
      assertThat(state).isIn("pending", "running");
    }
    throw new AssertionError("the migration did not complete in 40 runs");
  }

  private void checkEveryFile(TestServer server) throws Exception {
    String member = server.login(MEMBER, TestServer.PASSWORD, "acme");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Map.Entry<String, String> e : sha.entrySet()) {
        done.add(
            pool.submit(
                () -> {
                  HttpResponse<byte[]> r =
                      client.send(
                          HttpRequest.newBuilder(
                                  URI.create(
                                      base(server.http())
                                          + "/api/v1/orgs/acme/files/"
                                          + e.getKey()))
                              .header("Authorization", "Bearer " + member)
                              .build(),
                          HttpResponse.BodyHandlers.ofByteArray());
                  assertThat(r.statusCode()).isEqualTo(200);
                  assertThat(HexFormat.of().formatHex(Hashes.sha256(r.body())))
                      .as(e.getKey())
                      .isEqualTo(e.getValue());
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static long verified(TestServer server) throws Exception {
    return server
        .db()
        .countIn(
            server.db().tenantPrefix() + "acme",
            "select count(*) from storage_migration_items where state = 'verified'");
  }

  private static long objectFiles(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().contains("/objects/"))
          .count();
    }
  }
}
