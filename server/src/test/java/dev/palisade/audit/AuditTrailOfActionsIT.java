package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every state-changing action is recorded, with its reason, sealed diff and actor. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditTrailOfActionsIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "trail");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private List<JsonNode> entries(String path, String token) {
    List<JsonNode> out = new ArrayList<>();
    http.get(path, token).json().get("items").forEach(out::add);
    return out;
  }

  private List<String> actions(String slug, String token) {
    return entries("/api/v1/orgs/" + slug + "/audit?sort=oldest&limit=200", token).stream()
        .map(e -> e.get("action").asText())
        .toList();
  }

  @Test
  void membershipChangesAreRecordedWithReasonAndSealedDiff() throws Exception {
    String orgAdmin = server.member(admin, "trail", "owner@example.com", "admin");
    server.member(orgAdmin, "trail", "sam@example.com", "member");
    String samId = null;
    for (JsonNode m : http.get("/api/v1/orgs/trail/members", orgAdmin).json().get("items")) {
      if (m.get("email").asText().equals("sam@example.com")) {
        samId = m.get("id").asText();
      }
    }
    http.patch(
        "/api/v1/orgs/trail/members/" + samId,
        Http.json("role", "auditor", "reason", "needs log access for SOC2"),
        orgAdmin);
    http.post(
        "/api/v1/orgs/trail/members/" + samId + "/deactivate",
        Http.json("reason", "left"),
        orgAdmin);
    http.post("/api/v1/orgs/trail/members/" + samId + "/reactivate", "{}", orgAdmin);

    assertThat(actions("trail", orgAdmin))
        .containsSubsequence(
            "org.created",
            "member.invited",
            "member.joined",
            "auth.signed_in",
            "member.invited",
            "member.joined",
            "auth.signed_in",
            "role.changed",
            "member.deactivated",
            "member.reactivated");

    JsonNode change = entries("/api/v1/orgs/trail/audit?action=role.&limit=1", orgAdmin).get(0);
    assertThat(change.get("reason").asText()).isEqualTo("needs log access for SOC2");
    assertThat(change.get("actor").get("id").asText()).startsWith("member:");
    assertThat(change.get("sealed").asBoolean()).isTrue();
    assertThat(change.has("sealedMetadata")).isFalse();
    JsonNode detail =
        http.get("/api/v1/orgs/trail/audit/" + change.get("id").asText(), orgAdmin).json();
    assertThat(detail.at("/sealedMetadata/before/role").asText()).isEqualTo("member");
    assertThat(detail.at("/diff/0/field").asText()).isEqualTo("role");
    assertThat(detail.at("/diff/0/after").asText()).isEqualTo("auditor");

    try (Connection c = server.db().connect(server.db().tenantPrefix() + "trail");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from audit_entries where position(convert_to('sam@example.com', 'UTF8') in coalesce(sealed_metadata, ''::bytea)) > 0 or public_metadata like '%sam@example.com%' or reason like '%sam@example.com%'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("personal data is sealed, never in clear").isZero();
    }
  }

  @Test
  void signInFailuresAndLockoutsAreRecorded() {
    server.member(admin, "trail", "lock@example.com", "member");
    for (int i = 0; i < 5; i++) {
      http.post(
          "/api/v1/auth/login",
          Http.json("email", "lock@example.com", "password", "not the password", "org", "trail"),
          null);
    }
    http.post(
        "/api/v1/auth/login",
        Http.json("email", "ghost@example.com", "password", "not the password", "org", "trail"),
        null);
    List<String> auth =
        entries("/api/v1/orgs/trail/audit?action=auth&limit=200", admin).stream()
            .map(e -> e.get("action").asText() + ":" + e.path("reason").asText(""))
            .toList();
    assertThat(auth).contains("auth.locked_out:5 failed sign-ins; locked for PT15M");
    assertThat(auth).contains("auth.sign_in_failed:wrong password");
    assertThat(auth).contains("auth.sign_in_failed:unknown account");
  }

  @Test
  void orgSettingsChangesAreRecordedInTheInstallAndTheOrganizationChains() {
    http.patch("/api/v1/orgs/trail", Http.json("name", "Trail Inc."), admin);
    JsonNode orgEntry =
        entries("/api/v1/orgs/trail/audit?action=org.settings&limit=1", admin).get(0);
    JsonNode opened =
        http.get("/api/v1/orgs/trail/audit/" + orgEntry.get("id").asText(), admin).json();
    assertThat(opened.at("/diff/0/field").asText()).isEqualTo("name");
    assertThat(opened.at("/diff/0/after").asText()).isEqualTo("Trail Inc.");
    List<String> install =
        entries("/api/v1/install/audit?limit=200", admin).stream()
            .map(e -> e.get("action").asText())
            .toList();
    assertThat(install)
        .contains(
            "install.setup_completed", "org.created", "org.settings.changed", "auth.signed_in");
  }

  @Test
  void viewingExportingAndVerifyingAreThemselvesRecorded() {
    http.get("/api/v1/orgs/trail/audit", admin);
    http.get("/api/v1/orgs/trail/audit/export?format=csv", admin);
    http.post("/api/v1/orgs/trail/audit/verify", "{}", admin);
    assertThat(actions("trail", admin))
        .contains("audit.viewed", "audit.exported", "audit.verified");
  }

  @Test
  void aFailedAppendFailsTheChangeItRecords() throws Exception {
    String db = server.db().tenantPrefix() + "trail";
    server.member(admin, "trail", "frozen@example.com", "member");
    String id = null;
    for (JsonNode m : http.get("/api/v1/orgs/trail/members?limit=200", admin).json().get("items")) {
      if (m.get("email").asText().equals("frozen@example.com")) {
        id = m.get("id").asText();
      }
    }
    try (Connection c = server.db().connect(db)) {
      c.createStatement()
          .execute(
              "create function refuse() returns trigger language plpgsql as"
                  + " $$ begin raise exception 'audit storage refused'; end $$;"
                  + " create trigger refuse before insert on audit_entries"
                  + " for each statement execute function refuse()");
    }
    try {
      Http.Response r =
          http.patch(
              "/api/v1/orgs/trail/members/" + id, Http.json("role", "admin", "reason", "x"), admin);
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.body()).doesNotContain("audit storage refused");
      assertThat(http.get("/api/v1/orgs/trail/members/" + id, admin).json().get("role").asText())
          .isEqualTo("member");
    } finally {
      try (Connection c = server.db().connect(db)) {
        c.createStatement().execute("drop trigger refuse on audit_entries; drop function refuse()");
      }
    }
    assertThat(
            http.post("/api/v1/orgs/trail/audit/verify", "{}", admin).json().get("status").asText())
        .isEqualTo("intact");
  }

  @Test
  void membersWithoutAuditViewCannotReadTheLog() {
    String member = server.member(admin, "trail", "plain@example.com", "member");
    assertThat(http.get("/api/v1/orgs/trail/audit", member).status()).isEqualTo(403);
    String auditor = server.member(admin, "trail", "auditor@example.com", "auditor");
    assertThat(http.get("/api/v1/orgs/trail/audit", auditor).status()).isEqualTo(200);
    assertThat(http.post("/api/v1/orgs/trail/keys/rotate", "{}", auditor).status()).isEqualTo(403);
  }
}
