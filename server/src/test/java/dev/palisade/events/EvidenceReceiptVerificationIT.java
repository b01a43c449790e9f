package dev.palisade.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** A receipt is listed, shown with its chain entry, downloaded and verified with openssl. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvidenceReceiptVerificationIT {
  private static final String BASE = "/api/v1/install/evidence";

  private TestServer server;
  private Http http;
  private String admin;
  private Receipt keys;
  private Receipt license;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    UUID acme = UUID.fromString(http.get("/api/v1/orgs/acme", admin).json().get("id").asText());
    Evidence evidence = server.context().getBean(Evidence.class);
    keys =
        evidence.issue(
            "keys.verify",
            "system:test",
            acme,
            "vault",
            Evidence.SUCCEEDED,
            Map.of("provider", "vault", "note", "token hvs.CAESIPlantedSecret0123456789"));
    license =
        evidence.issue("license.import", "system:test", null, "lic-1", Evidence.FAILED, Map.of());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void listsReceiptsByOperationPrefixAndOrganization() {
    assertThat(ids(http.get(BASE, admin).json())).containsExactly(license.id(), keys.id());
    assertThat(ids(http.get(BASE + "?operation=keys", admin).json())).containsExactly(keys.id());
    assertThat(ids(http.get(BASE + "?operation=keys.verify", admin).json()))
        .containsExactly(keys.id());
    assertThat(ids(http.get(BASE + "?operation=key", admin).json())).isEmpty();
    assertThat(ids(http.get(BASE + "?org=acme", admin).json())).containsExactly(keys.id());
    assertThat(ids(http.get(BASE + "?org=install", admin).json())).containsExactly(license.id());
    JsonNode item = http.get(BASE + "?org=acme", admin).json().at("/items/0");
    assertThat(item.get("operation").asText()).isEqualTo("keys.verify");
    assertThat(item.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(item.at("/org/slug").asText()).isEqualTo("acme");
    assertThat(item.has("document")).isFalse();
    Http.Response bad = http.get(BASE + "?org=nobody", admin);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("field").asText()).isEqualTo("org");
    assertThat(http.get(BASE + "?from=now", admin).json().get("field").asText()).isEqualTo("from");
  }

  @Test
  void showsTheSignedDocumentAndTheAuditEntryThatChainsIt() {
    JsonNode d = http.get(BASE + "/" + keys.id(), admin).json();
    JsonNode key = http.get("/api/v1/install/audit/public-key", null).json();
    assertThat(d.get("algorithm").asText()).isEqualTo("Ed25519");
    assertThat(d.at("/receipt/keyId").asText()).isEqualTo(key.get("keyId").asText());
    assertThat(d.get("document").asText()).isEqualTo(keys.document());
    assertThat(d.get("document").asText()).doesNotContain("CAESIPlantedSecret");
    assertThat(Base64.getDecoder().decode(d.get("signature").asText())).isEqualTo(keys.signature());
    JsonNode entry = d.get("auditEntry");
    assertThat(entry.get("chainId").asText()).isEqualTo("install");
    assertThat(entry.get("action").asText()).isEqualTo("evidence.issued");
    assertThat(entry.get("metadata").asText())
        .contains("\"receiptSha256\":\"" + d.get("documentSha256").asText() + "\"");
    assertThat(entry.get("chainHash").asText()).hasSize(64);
    assertThat(http.get(BASE + "/" + UUID.randomUUID(), admin).status()).isEqualTo(404);
    String member = server.member(admin, "acme", "a@example.com", "admin");
    assertThat(http.get(BASE + "/" + keys.id(), member).status()).isEqualTo(403);
  }

  @Test
  void theDownloadedReceiptVerifiesWithOpensslAndATamperedOneDoesNot(@TempDir Path dir)
      throws Exception {
    Http.Response r = http.get(BASE + "/" + keys.id() + "/receipt", admin);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"receipt-" + keys.id() + ".json\"");
    JsonNode file = r.json();
    assertThat(file.get("format").asText()).isEqualTo("palisade-receipt/1");
    Files.writeString(
        dir.resolve("pub.pem"),
        http.get("/api/v1/install/audit/public-key", null).json().get("pem").asText());
    Files.write(
        dir.resolve("receipt.sig"), Base64.getDecoder().decode(file.get("signature").asText()));
    String document = file.get("document").asText();
    Files.write(dir.resolve("receipt.txt"), document.getBytes(StandardCharsets.UTF_8));
    String ok = openssl(dir, "receipt.txt");
    assertThat(ok).isEqualTo("0:Signature Verified Successfully");

    String forged = document.replace("\"succeeded\"", "\"failed\"");
    assertThat(forged).isNotEqualTo(document);
    Files.write(dir.resolve("forged.txt"), forged.getBytes(StandardCharsets.UTF_8));
    assertThat(openssl(dir, "forged.txt")).startsWith("1:Signature Verification Failure");
  }

  private static String openssl(Path dir, String document)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "openssl",
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                "pub.pem",
                "-rawin",
                "-in",
                document,
                "-sigfile",
                "receipt.sig")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    return p.waitFor() + ":" + out;
  }

  private static java.util.List<UUID> ids(JsonNode page) {
    java.util.List<UUID> out = new java.util.ArrayList<>();
    page.get("items").forEach(i -> out.add(UUID.fromString(i.get("id").asText())));
    return out;
  }
}
