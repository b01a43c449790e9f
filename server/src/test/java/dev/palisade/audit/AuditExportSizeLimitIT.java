package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An export to storage larger than {@code palisade.storage.audit-export-max-bytes} is refused with
 * 413 while it is being spooled: nothing reaches the binding, nothing is listed or recorded, and
 * the spooled file is gone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditExportSizeLimitIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.storage.audit-export-max-bytes", 4096));
    http = server.http();
    String installAdmin = server.installAdmin();
    server.createOrg(installAdmin, "big");
    admin = server.member(installAdmin, "big", "auditor@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void aBundleOverTheLimitIs413AndLeavesNothingBehind() throws Exception {
    Scope chain =
        Scope.of(server.context().getBean(Organizations.class).findBySlug("big").orElseThrow());
    AuditLog log = server.context().getBean(AuditLog.class);
    for (int i = 0; i < 100; i++) {
      log.record(chain, AuditEvent.by("system", "system:test").action("test.filler"));
    }
    Http.Response small =
        http.post(
            "/api/v1/orgs/big/audit/exports",
            Http.json("filters", Map.of("action", "member.joined")),
            admin);
    assertThat(small.status()).as(small.body()).isEqualTo(201);

    Http.Response r = http.post("/api/v1/orgs/big/audit/exports", "{}", admin);
    assertThat(r.status()).as(r.body()).isEqualTo(413);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("detail").asText()).contains("audit-export-max-bytes");
    assertThat(http.get("/api/v1/orgs/big/audit/exports", admin).json().get("items")).hasSize(1);
    assertThat(http.get("/api/v1/orgs/big/audit?action=audit.exported", admin).json().get("items"))
        .hasSize(1);
    Path storage = server.home().resolve("storage");
    try (Stream<Path> files = Files.walk(storage)) {
      assertThat(
              files
                  .filter(p -> p.toString().contains("audit-exports"))
                  .filter(Files::isRegularFile))
          .hasSize(1);
    }
    try (Stream<Path> files = Files.list(server.home().resolve("audit-export-staging"))) {
      assertThat(files).isEmpty();
    }
  }
}
