package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.crypto.Hashes;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bundled storage is in the backup set: the files of an organization on the install's bundled
 * storage are copied into the backup and listed in its manifest with size and SHA-256; restore
 * validation checks each copy against the manifest (a flipped byte names the file) and against the
 * restored database's record of the file (a content that was not the recorded one names the
 * database).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupBundledStorageIT {
  private static final byte[] REPORT = "quarterly report, bundled".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOTES =
      "# notes\nkept on bundled storage\n".getBytes(StandardCharsets.UTF_8);

  private TestServer server;
  private Http http;
  private String admin;
  private String acmeDb;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.backup.validate-wait", "3m"));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    acmeDb = server.db().tenantPrefix() + "acme";
    String member = server.member(admin, "acme", "files@example.com", "member");
    for (Map.Entry<String, byte[]> f :
        Map.of("reports/q1.txt", REPORT, "notes.md", NOTES).entrySet()) {
      Http.Response put =
          http.sendAs(
              "PUT",
              "/api/v1/orgs/acme/files/" + f.getKey(),
              new String(f.getValue(), StandardCharsets.UTF_8),
              Map.of("Authorization", "Bearer " + member, "Content-Type", "text/plain"));
      assertThat(put.status()).as(put.body()).isEqualTo(200);
    }
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private Path dir(JsonNode backup) {
    return server.home().resolve("backups").resolve(backup.get("id").asText());
  }

  private JsonNode validate(JsonNode backup) {
    Http.Response r =
        http.post(BackupRunsIT.BASE + "/" + backup.get("id").asText() + "/validate", "", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static String sha(byte[] b) {
    return HexFormat.of().formatHex(Hashes.sha256(b));
  }

  /** The object name of {@code key} on the binding, as the live database records it. */
  private String objectName(String key) throws Exception {
    try (Connection c = server.db().connect(acmeDb);
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select object_name from storage_objects where key = '" + key + "'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }

  private JsonNode database(JsonNode manifest, String name) {
    for (JsonNode d : manifest.get("databases")) {
      if (d.get("name").asText().equals(name)) {
        return d;
      }
    }
    throw new AssertionError("no database " + name + " in " + manifest);
  }

  @Test
  @Order(1)
  void theBackupCopiesBundledFilesListsThemInTheManifestAndValidationChecksThem() throws Exception {
    JsonNode backup = BackupRunsIT.backUp(http, admin);
    assertThat(backup.get("state").asText()).as(backup.toString()).isEqualTo("completed");
    JsonNode manifest =
        Http.JSON.readTree(Files.readAllBytes(dir(backup).resolve("manifest.json")));
    assertThat(database(manifest, server.db().name()).has("storage")).isFalse();
    JsonNode storage = database(manifest, acmeDb).get("storage");
    assertThat(storage.get("directory").asText()).isEqualTo("bundled-storage/" + acmeDb);
    assertThat(storage.get("missing")).isEmpty();
    Map<String, byte[]> expected =
        Map.of(objectName("reports/q1.txt"), REPORT, objectName("notes.md"), NOTES);
    assertThat(storage.get("files")).hasSize(2);
    for (JsonNode f : storage.get("files")) {
      byte[] content = expected.get(f.get("path").asText());
      assertThat(content).as(f.toString()).isNotNull();
      assertThat(f.get("size").asLong()).isEqualTo(content.length);
      assertThat(f.get("sha256").asText()).isEqualTo(sha(content));
      assertThat(
              dir(backup)
                  .resolve(storage.get("directory").asText())
                  .resolve(f.get("path").asText()))
          .hasBinaryContent(content);
    }
    JsonNode v = validate(backup);
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("passed");
    JsonNode step = BackupValidationIT.step(v, "storage", acmeDb);
    assertThat(step.get("result").asText()).isEqualTo("passed");
    assertThat(step.get("detail").asText()).startsWith("2 bundled file(s), ");
    JsonNode plan = http.get("/api/v1/install/backup/plan", admin).json();
    assertThat(plan.at("/storage/0/inBackupSet").asBoolean()).isTrue();
  }

  @Test
  @Order(2)
  void aFlippedByteInACopiedFileFailsTheChecksumsNamingTheFile() throws Exception {
    JsonNode backup = BackupRunsIT.backUp(http, admin);
    String name = objectName("notes.md");
    Path copy = dir(backup).resolve("bundled-storage").resolve(acmeDb).resolve(name);
    byte[] bytes = Files.readAllBytes(copy);
    bytes[0] ^= 1;
    Files.write(copy, bytes);
    JsonNode v = validate(backup);
    assertThat(v.get("state").asText()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("checksums");
    assertThat(v.get("detail").asText())
        .contains("bundled-storage/" + acmeDb + "/" + name)
        .contains("SHA-256 does not match the manifest");
  }

  @Test
  @Order(3)
  void aFileWhoseContentIsNotTheRecordedOneFailsTheStorageStepNamingTheDatabase() throws Exception {
    String orgId = http.get("/api/v1/orgs/acme", admin).json().get("id").asText();
    Path live =
        server.home().resolve("storage").resolve(orgId).resolve(objectName("reports/q1.txt"));
    assertThat(live).hasBinaryContent(REPORT);
    Files.write(live, "quarterly report, swapped".getBytes(StandardCharsets.UTF_8));
    JsonNode backup;
    try {
      backup = BackupRunsIT.backUp(http, admin);
    } finally {
      Files.write(live, REPORT);
    }
    assertThat(backup.get("state").asText()).isEqualTo("completed");
    JsonNode v = validate(backup);
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("storage");
    assertThat(v.get("failedDatabase").asText()).isEqualTo(acmeDb);
    assertThat(v.get("detail").asText())
        .contains("file reports/q1.txt")
        .contains("not the content the restored storage_objects records");
    // the copy is what the manifest says: only the comparison with the restored record can tell
    boolean checksumsPassed = false;
    for (JsonNode s : v.get("steps")) {
      checksumsPassed |=
          s.get("name").asText().equals("checksums") && s.get("result").asText().equals("passed");
    }
    assertThat(checksumsPassed).as(v.toString()).isTrue();
  }
}
