package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.storage.S3Proxy;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * An S3 bucket as the backup target (s3proxy with signature checking, through the storage package's
 * S3 client and the outbound guard): the backup is uploaded under its id and leaves nothing behind
 * locally, a validation downloads and checks it, and a byte flipped in the bucket fails the
 * checksums naming the file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupToS3IT {
  private S3Proxy s3;
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() throws Exception {
    s3 = S3Proxy.start("backups");
    Map<String, Object> settings = BackupTampering.s3Target(s3);
    settings.put("palisade.backup.validate-wait", "3m");
    server = TestServer.start(settings);
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    server.member(admin, "acme", "a@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    s3.close();
  }

  private Path objects(String id) {
    return s3.dataDir().resolve("backups").resolve("install-a").resolve(id);
  }

  @Test
  @Order(1)
  void aBackupIsUploadedUnderItsIdAndValidatedFromTheBucket() throws Exception {
    JsonNode b = BackupRunsIT.backUp(http, admin);
    String id = b.get("id").asText();
    assertThat(b.get("state").asText()).as(b.toString()).isEqualTo("completed");
    assertThat(b.get("location").asText()).isEqualTo("s3://backups/install-a/" + id);
    assertThat(objects(id).resolve("manifest.json")).isRegularFile();
    assertThat(objects(id).resolve("manifest.sig")).isRegularFile();
    assertThat(objects(id).resolve(server.db().tenantPrefix() + "acme").resolve("toc.dat"))
        .isRegularFile();
    assertThat(server.home().resolve("backup-staging").resolve(id)).doesNotExist();
    assertThat(server.home().resolve("backups")).doesNotExist();

    JsonNode v = http.post(BackupRunsIT.BASE + "/" + id + "/validate", "", admin).json();
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("passed");
    assertThat(v.at("/steps/0/name").asText()).isEqualTo("download");
    assertThat(server.home().resolve("backup-staging").resolve("check-" + id)).doesNotExist();
    JsonNode plan = http.get("/api/v1/install/backup/plan", admin).json();
    assertThat(plan.at("/target/type").asText()).isEqualTo("s3");
    assertThat(plan.at("/target/location").asText()).isEqualTo("s3://backups/install-a/");
    assertThat(plan.toString()).doesNotContain(S3Proxy.SECRET);
    assertThat(http.get(BackupRunsIT.BASE, admin).body()).doesNotContain(S3Proxy.SECRET);
  }

  @Test
  @Order(2)
  void aByteFlippedInTheBucketFailsTheChecksumsNamingTheFile() throws Exception {
    JsonNode b = BackupRunsIT.backUp(http, admin);
    String id = b.get("id").asText();
    Path db = objects(id).resolve(server.db().tenantPrefix() + "acme");
    Path file = BackupTampering.flipAByteOfTheLargestDataFile(db);
    JsonNode v = http.post(BackupRunsIT.BASE + "/" + id + "/validate", "", admin).json();
    assertThat(v.get("state").asText()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("checksums");
    assertThat(v.get("detail").asText()).contains("acme/" + file.getFileName());
  }
}
