package dev.palisade.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The console in a real browser against a real server on real PostgreSQL, with data made through
 * the API (and one audit row edited in SQL, as an attacker with database access would).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
  static final String REASON =
      "<script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> promoted for the audit";
  static final long TAMPERED = 3;

  private TestServer server;
  private Http http;
  private String admin;
  private String bob;
  private ConsoleBrowser browser;
  private final Map<String, Object> expect = new LinkedHashMap<>();

  @BeforeAll
  void seed() throws Exception {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    server.member(admin, "acme", "bob@example.com", "auditor");
    server.member(admin, "acme", "carol@example.com", "member");
    bob = memberId("acme", "bob@example.com");
    ok(
        http.patch(
            "/api/v1/orgs/acme/members/" + bob,
            Http.json("role", "admin", "reason", REASON),
            admin));
    ok(
        http.patch(
            "/api/v1/orgs/acme",
            Http.json("name", "Acme Corporation", "timezone", "Europe/Paris"),
            admin));
    ok(http.post("/api/v1/orgs/acme/keys/rotate", "", admin));
    ok(http.post("/api/v1/orgs/acme/keys/verify", "", admin));
    ok(http.post("/api/v1/install/jobs/key-provider-verification/run", "", admin));

    server.createOrg(admin, "ledger");
    for (String who : List.of("one", "two", "three")) {
      ok(
          http.post(
              "/api/v1/orgs/ledger/members",
              Http.json("email", who + "@example.com", "role", "member"),
              admin));
    }
    try (Connection c = server.db().connect(server.db().tenantPrefix() + "ledger");
        PreparedStatement ps =
            c.prepareStatement(
                "update audit_entries set reason = 'rewritten later' where sequence = ?")) {
      ps.setLong(1, TAMPERED);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    ok(http.post("/api/v1/install/jobs/audit-chain-verification/run", "", admin));

    int port = server.context().getBean(EmbeddedServer.class).getPort();
    browser =
        new ConsoleBrowser(
            "http://127.0.0.1:" + port, TestServer.ADMIN_EMAIL, TestServer.PASSWORD, "");
    expect.put("org", "acme");
    expect.put("member", "carol@example.com");
    expect.put("reason", REASON);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String memberId(String slug, String email) {
    for (JsonNode m : ok(http.get("/api/v1/orgs/" + slug + "/members", admin)).get("items")) {
      if (m.get("email").asText().equals(email)) {
        return m.get("id").asText();
      }
    }
    throw new AssertionError(email + " is not a member of " + slug);
  }

  private static JsonNode ok(Http.Response r) {
    assertThat(r.status()).as(r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : r.json();
  }

  private String first(String path, String field) {
    return ok(http.get(path, admin)).get("items").get(0).get(field).asText();
  }

  @Test
  @Order(1)
  void signsInThroughTheFormAndReturnsToThePageAsked() {
    assertThat(browser.run("signIn", expect).get("signedOut").asBoolean()).isTrue();
  }

  @Test
  @Order(2)
  void everyPageShowsRealDataAndPassesTheAccessibilityCheck() {
    String event = first("/api/v1/install/security-events?type=auditChainBroken", "id");
    String receipt = first("/api/v1/install/evidence?operation=keys.verify", "id");
    String installEntry = first("/api/v1/install/audit?action=org.created", "id");
    Map<String, Object> pages = new LinkedHashMap<>();
    page(
        pages,
        "/console/system/operations",
        "operations",
        "auditChainBroken",
        "key-provider-verification",
        "evaluation");
    page(
        pages,
        "/console/system/investigations",
        "investigations-events",
        "auditChainBroken",
        "ledger");
    page(
        pages,
        "/console/system/investigations?event=" + event,
        "investigations-event",
        "audit-chain-verification",
        "Occurrences1");
    page(
        pages,
        "/console/system/investigations?tab=audit",
        "investigations-audit",
        "org.created",
        "evidence.issued");
    page(
        pages,
        "/console/system/investigations?tab=audit&entry=" + installEntry,
        "investigations-audit-entry",
        "Chain hash");
    page(
        pages,
        "/console/system/investigations?tab=evidence",
        "investigations-evidence",
        "keys.verify",
        "all keyrings");
    page(
        pages,
        "/console/system/investigations?tab=evidence&receipt=" + receipt,
        "investigations-receipt",
        "Download receipt",
        "Ed25519");
    page(pages, "/console/system/jobs", "jobs", "audit-chain-verification", "every 15 min");
    page(
        pages,
        "/console/system/jobs?job=audit-chain-verification",
        "jobs-history",
        "History of audit-chain-verification",
        "partial");
    page(
        pages,
        "/console/system/organizations",
        "organizations",
        "acme",
        "ledger",
        "Acme Corporation");
    page(pages, "/console/system/incidents", "incidents", "auditChainBroken");
    page(
        pages,
        "/console/system/incidents?state=resolved",
        "incidents-resolved",
        "No resolved incidents");
    page(pages, "/console/system/license", "license", "evaluation", "Import a license");
    page(pages, "/console/system/health", "health", "install-database", "Organization databases");
    page(pages, "/console/orgs/acme/audit", "audit", "audit.viewed", "more exist");
    page(
        pages,
        "/console/orgs/acme/audit?action=role.changed",
        "audit-filtered",
        "role.changed",
        "no more");
    page(pages, "/console/orgs/acme/members", "members", "bob@example.com", "carol@example.com");
    page(pages, "/console/orgs/acme/keys", "keys", "install", "Key versions");
    page(pages, "/console/orgs/ledger/security-events", "org-security-events", "auditChainBroken");
    page(pages, "/console/orgs/acme/settings", "settings", "Europe/Paris");
    // more entries than one page, so that the Audit Log says there are more
    for (int i = 0; i < 50; i++) {
      ok(http.get("/api/v1/orgs/acme/audit?limit=1", admin));
    }
    Map<String, Object> e = new LinkedHashMap<>(expect);
    e.put("pages", pages);
    JsonNode result = browser.run("pages", e);
    assertThat(result.get("pages").asInt()).isEqualTo(pages.size());
  }

  private static void page(Map<String, Object> pages, String path, String shot, String... texts) {
    pages.put(path, Map.of("shot", shot, "texts", List.of(texts)));
  }

  @Test
  @Order(3)
  void filtersGoIntoTheAddressAndChangeTheRows() {
    JsonNode r = browser.run("filters", expect);
    List<Long> api = new ArrayList<>();
    for (JsonNode entry :
        ok(http.get("/api/v1/orgs/acme/audit?action=member.&sort=oldest&limit=200", admin))
            .get("items")) {
      api.add(entry.get("sequence").asLong());
    }
    List<Long> shown = new ArrayList<>();
    r.get("sequences").forEach(n -> shown.add(n.asLong()));
    assertThat(shown).isEqualTo(api).isNotEmpty();
  }

  @Test
  @Order(4)
  void theEntryDrawerShowsTheDiffAndTheReasonAsText() {
    Map<String, Object> e = new LinkedHashMap<>(expect);
    browser.run("drawer", e);
  }

  @Test
  @Order(5)
  void exportDownloadsExactlyTheFilteredRows() {
    List<String> ids = new ArrayList<>();
    for (JsonNode entry :
        ok(http.get("/api/v1/orgs/acme/audit?action=member.&limit=200", admin)).get("items")) {
      ids.add(entry.get("id").asText());
    }
    JsonNode r = browser.run("exportRows", expect);
    List<String> csv = new ArrayList<>();
    r.get("csv").forEach(n -> csv.add(n.asText()));
    List<String> ndjson = new ArrayList<>();
    r.get("ndjson").forEach(n -> ndjson.add(n.asText()));
    assertThat(ids).isNotEmpty();
    assertThat(csv).containsExactlyElementsOf(ids);
    assertThat(ndjson).containsExactlyElementsOf(ids);
    assertThat(r.get("csvName").asText()).endsWith(".csv");
  }

  @Test
  @Order(6)
  void listsAreNavigableWithTheKeyboard() {
    assertThat(browser.run("keyboard", expect).get("opened").asText()).contains("entry=");
  }

  @Test
  @Order(7)
  void verifyReportsAnIntactChain() {
    Map<String, Object> e = new LinkedHashMap<>(expect);
    e.put("verifyOrg", "acme");
    e.put("verifyShot", "intact");
    String text = browser.run("verify", e).get("text").asText();
    assertThat(text).matches("Intact, \\d+ entries, head #\\d+ [0-9a-f]{16}.*");
  }

  @Test
  @Order(8)
  void verifyReportsWhereAnEditedRowBrokeTheChain() {
    Map<String, Object> e = new LinkedHashMap<>(expect);
    e.put("verifyOrg", "ledger");
    e.put("verifyShot", "broken");
    String text = browser.run("verify", e).get("text").asText();
    assertThat(text).startsWith("Broken between entries " + (TAMPERED - 1) + " and " + TAMPERED);
  }

  @Test
  @Order(9)
  void aRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    int before = ok(http.get("/api/v1/orgs/acme/keys", admin)).get("versions").size();
    JsonNode r = browser.run("csrf", expect);
    for (String which : List.of("none", "wrong")) {
      assertThat(r.get(which).get("status").asInt()).isEqualTo(403);
      assertThat(r.get(which).get("type").asText()).startsWith("application/problem+json");
      assertThat(r.get(which).get("body").get("detail").asText()).contains("CSRF token");
    }
    assertThat(ok(http.get("/api/v1/orgs/acme/keys", admin)).get("versions").size())
        .isEqualTo(before);
  }

  @Test
  @Order(10)
  void thePagesActionsChangeWhatTheApiReports() {
    JsonNode r = browser.run("actions", expect);
    assertThat(r.get("verified").asText()).contains("round trip ok");
    assertThat(ok(http.get("/api/v1/orgs/acme", admin)).get("name").asText())
        .isEqualTo("Acme Renamed");
    String carol = memberId("acme", "carol@example.com");
    JsonNode member = ok(http.get("/api/v1/orgs/acme/members/" + carol, admin));
    assertThat(member.get("role").asText()).isEqualTo("auditor");
    assertThat(member.get("status").asText()).isEqualTo("active");
  }
}
