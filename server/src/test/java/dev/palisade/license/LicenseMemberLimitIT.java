package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An organization's member limit from the license, on invitation and on acceptance. */
class LicenseMemberLimitIT {
  private static long countIn(TestServer server, String slug, String sql) throws Exception {
    String database;
    try (Connection c = server.db().connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select database_name from organizations where slug = '" + slug + "'")) {
      rs.next();
      database = rs.getString(1);
    }
    try (Connection c = server.db().connect(database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void assertLimit(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.json().get("code").asText()).isEqualTo("license-limit");
    assertThat(r.json().get("detail").asText())
        .contains("at most 2 active members in this organization (maxMembersPerOrg)");
  }

  @Test
  void anOrganizationAtItsMemberLimitRefusesInvitationsAndAcceptances() throws Exception {
    TestVendor vendor = new TestVendor();
    try (TestServer server = vendor.trustingServer()) {
      Http http = server.http();
      String admin = server.installAdmin();
      UUID installId = TestVendor.installId(server);
      String team = server.createOrg(admin, "team");
      server.createOrg(admin, "other");
      Map<String, Object> doc = TestVendor.license(installId, "LIC-MEMBERS");
      doc.put("organizations", Map.of(team, Map.of("maxMembers", 2)));
      Http.Response imported =
          http.send("PUT", "/api/v1/install/license", vendor.signed(doc), admin, Map.of());
      assertThat(imported.status()).as(imported.body()).isEqualTo(200);
      assertThat(http.get("/api/v1/orgs/team/entitlements", admin).json().get("maxMembers").asInt())
          .isEqualTo(2);

      server.member(admin, "team", "one@example.com", "admin");
      String second = invite(http, admin, "two@example.com");
      String third = invite(http, admin, "three@example.com");
      accept(http, second, 201);
      long events =
          server
              .db()
              .count("select count(*) from security_events where type = 'licenseLimitReached'");
      assertLimit(accept(http, third, 403));
      assertThat(countIn(server, "team", "select count(*) from members")).isEqualTo(2);
      long invitations = countIn(server, "team", "select count(*) from invitations");
      assertLimit(
          http.post(
              "/api/v1/orgs/team/members",
              Http.json("email", "four@example.com", "role", "member"),
              admin));
      assertThat(countIn(server, "team", "select count(*) from invitations"))
          .isEqualTo(invitations);
      assertThat(
              server
                  .db()
                  .count(
                      "select count(*) from security_events where type = 'licenseLimitReached' and org_id is not null"))
          .isEqualTo(events + 2);
      // Another organization has the install-wide limit of 50.
      server.member(admin, "other", "a@example.com", "admin");
      server.member(admin, "other", "b@example.com", "member");
      server.member(admin, "other", "c@example.com", "member");
    }
  }

  @Test
  void reactivatingAMemberAtTheLimitIsRefused() throws Exception {
    TestVendor vendor = new TestVendor();
    try (TestServer server = vendor.trustingServer()) {
      Http http = server.http();
      String admin = server.installAdmin();
      UUID installId = TestVendor.installId(server);
      String team = server.createOrg(admin, "team");
      Map<String, Object> doc = TestVendor.license(installId, "LIC-REACTIVATE");
      doc.put("organizations", Map.of(team, Map.of("maxMembers", 2)));
      assertThat(
              http.send("PUT", "/api/v1/install/license", vendor.signed(doc), admin, Map.of())
                  .status())
          .isEqualTo(200);
      server.member(admin, "team", "one@example.com", "admin");
      accept(http, invite(http, admin, "two@example.com"), 201);
      String two =
          http.get("/api/v1/orgs/team/members", admin).json().findValues("id").stream()
              .map(n -> n.asText())
              .filter(
                  id -> http.get("/api/v1/orgs/team/members/" + id, admin).body().contains("two@"))
              .findFirst()
              .orElseThrow();
      String base = "/api/v1/orgs/team/members/" + two;
      assertThat(http.post(base + "/deactivate", Http.json("reason", "leave"), admin).status())
          .isEqualTo(200);
      accept(http, invite(http, admin, "three@example.com"), 201);

      assertLimit(http.post(base + "/reactivate", Http.json("reason", "back"), admin));
      assertThat(countIn(server, "team", "select count(*) from members where status = 'active'"))
          .isEqualTo(2);
    }
  }

  private static String invite(Http http, String admin, String email) {
    Http.Response r =
        http.post("/api/v1/orgs/team/members", Http.json("email", email, "role", "member"), admin);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("token").asText();
  }

  private static Http.Response accept(Http http, String token, int status) {
    Http.Response r =
        http.post(
            "/api/v1/invitations/accept",
            Http.json("token", token, "password", TestServer.PASSWORD),
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    return r;
  }
}
