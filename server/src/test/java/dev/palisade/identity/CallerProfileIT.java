package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code GET /api/v1/me}: the caller's identity and effective permissions per organization. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerProfileIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "north");
    server.createOrg(admin, "south");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private JsonNode me(String token, String query) {
    Http.Response r = http.get("/api/v1/me" + query, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private static List<String> texts(JsonNode array) {
    List<String> l = new ArrayList<>();
    array.forEach(n -> l.add(n.asText()));
    return l;
  }

  @Test
  void anInstallAdminHoldsEveryPermissionInEveryOrganizationWithoutAnOrgRole() {
    JsonNode me = me(admin, "");
    assertThat(me.get("kind").asText()).isEqualTo("install-admin");
    assertThat(me.get("installRole").asText()).isEqualTo("install-admin");
    assertThat(me.get("email").asText()).isEqualTo(TestServer.ADMIN_EMAIL);
    List<String> slugs = new ArrayList<>();
    for (JsonNode o : me.get("organizations")) {
      slugs.add(o.get("slug").asText());
      assertThat(o.get("role").isNull()).isTrue();
      assertThat(texts(o.get("permissions")))
          .containsExactly(
              "org:view",
              "members:view",
              "members:manage",
              "settings:manage",
              "audit:view",
              "keys:manage",
              "files:read",
              "files:write");
    }
    assertThat(slugs).containsSubsequence("north", "south");
    JsonNode only = me(admin, "?org=south").get("organizations");
    assertThat(only).hasSize(1);
    assertThat(only.get(0).get("slug").asText()).isEqualTo("south");
    assertThat(me(admin, "?org=nowhere").get("organizations")).isEmpty();
  }

  @Test
  void aMemberSeesOnlyTheirOrganizationWithTheirRolesPermissions() {
    String auditor = server.member(admin, "north", "aud@example.com", "auditor");
    JsonNode me = me(auditor, "");
    assertThat(me.get("kind").asText()).isEqualTo("member");
    assertThat(me.get("installRole").isNull()).isTrue();
    assertThat(me.get("organizations")).hasSize(1);
    JsonNode north = me.get("organizations").get(0);
    assertThat(north.get("slug").asText()).isEqualTo("north");
    assertThat(north.get("role").asText()).isEqualTo("auditor");
    assertThat(texts(north.get("permissions")))
        .containsExactly("org:view", "members:view", "audit:view", "files:read");
    assertThat(me(auditor, "?org=south").get("organizations")).isEmpty();
  }

  @Test
  void aRoleChangeShowsInTheNextSignInsPermissions() {
    String token = server.member(admin, "south", "rol@example.com", "member");
    assertThat(texts(me(token, "").get("organizations").get(0).get("permissions")))
        .doesNotContain("settings:manage");
    String id = null;
    for (JsonNode m : http.get("/api/v1/orgs/south/members?limit=200", admin).json().get("items")) {
      if (m.get("email").asText().equals("rol@example.com")) {
        id = m.get("id").asText();
      }
    }
    Http.Response promoted =
        http.patch(
            "/api/v1/orgs/south/members/" + id,
            Http.json("role", "admin", "reason", "runs the files now"),
            admin);
    assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);
    assertThat(http.get("/api/v1/me", token).status()).isEqualTo(401);
    String fresh = server.login("rol@example.com", TestServer.PASSWORD, "south");
    JsonNode south = me(fresh, "").get("organizations").get(0);
    assertThat(south.get("role").asText()).isEqualTo("admin");
    assertThat(texts(south.get("permissions"))).contains("settings:manage", "members:manage");
  }

  @Test
  void aMemberWhoMustEnrolStillReadsTheProfileAndIsToldSo() {
    String token = server.member(admin, "north", "enr@example.com", "member");
    assertThat(me(token, "").get("mfaEnrollmentRequired").asBoolean()).isFalse();
    Http.Response on = http.patch("/api/v1/orgs/north", Http.json("requireMfa", true), admin);
    assertThat(on.status()).as(on.body()).isEqualTo(200);
    try {
      assertThat(http.get("/api/v1/orgs/north", token).status()).isEqualTo(403);
      JsonNode me = me(token, "");
      assertThat(me.get("mfaEnrollmentRequired").asBoolean()).isTrue();
      assertThat(me.get("secondFactor").asBoolean()).isFalse();
    } finally {
      http.patch("/api/v1/orgs/north", Http.json("requireMfa", false), admin);
    }
  }

  @Test
  void withoutATokenTheAnswerIsAProblem() {
    Http.Response r = http.get("/api/v1/me", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
  }
}
