package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MembershipLifecycleIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "team");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String idOf(String token, String email) {
    for (var m : http.get("/api/v1/orgs/team/members?limit=200", token).json().get("items")) {
      if (m.get("email").asText().equals(email)) {
        return m.get("id").asText();
      }
    }
    throw new AssertionError(email + " not listed");
  }

  @Test
  void anInvitedMemberAcceptsSignsInAndSeesOnlyTheirOrganization() {
    String token = server.member(admin, "team", "ann@example.com", "member");
    Http.Response orgs = http.get("/api/v1/orgs", token);
    assertThat(orgs.json().get("items")).hasSize(1);
    assertThat(orgs.json().get("items").get(0).get("slug").asText()).isEqualTo("team");
    assertThat(orgs.json().get("items").get(0).has("databaseName")).isFalse();
    assertThat(http.get("/api/v1/orgs/team/members", token).status()).isEqualTo(403);
  }

  @Test
  void anInvitationTokenWorksOnce() {
    Http.Response invite =
        http.post(
            "/api/v1/orgs/team/members",
            Http.json("email", "once@example.com", "role", "member"),
            admin);
    String token = invite.json().get("token").asText();
    String body = Http.json("token", token, "password", TestServer.PASSWORD);
    assertThat(http.post("/api/v1/invitations/accept", body, null).status()).isEqualTo(201);
    Http.Response again = http.post("/api/v1/invitations/accept", body, null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("code").asText()).isEqualTo("invalid-invitation");
  }

  @Test
  void aRoleChangeNeedsAReasonAndTakesEffectWithTheNextSignIn() throws Exception {
    String orgAdmin = server.member(admin, "team", "boss@example.com", "admin");
    String token = server.member(orgAdmin, "team", "carl@example.com", "member");
    String id = idOf(orgAdmin, "carl@example.com");
    Http.Response noReason =
        http.patch("/api/v1/orgs/team/members/" + id, Http.json("role", "auditor"), orgAdmin);
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
    assertThat(http.get("/api/v1/orgs/team/members", token).status()).isEqualTo(403);
    Http.Response ok =
        http.patch(
            "/api/v1/orgs/team/members/" + id,
            Http.json("role", "auditor", "reason", "quarterly review"),
            orgAdmin);
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.json().get("role").asText()).isEqualTo("auditor");
    assertThat(http.get("/api/v1/orgs/team/members", token).status())
        .as("a token issued before the change")
        .isEqualTo(401);
    String fresh = server.login("carl@example.com", TestServer.PASSWORD, "team");
    assertThat(http.get("/api/v1/orgs/team/members", fresh).status()).isEqualTo(200);
  }

  @Test
  void aDeactivatedMemberLosesTheirTokenAndCannotSignInUntilReactivated() {
    String token = server.member(admin, "team", "dora@example.com", "member");
    String id = idOf(admin, "dora@example.com");
    assertThat(http.get("/api/v1/orgs/team", token).status()).isEqualTo(200);
    Http.Response off = http.post("/api/v1/orgs/team/members/" + id + "/deactivate", "{}", admin);
    assertThat(off.json().get("status").asText()).isEqualTo("deactivated");
    assertThat(http.get("/api/v1/orgs/team", token).status()).isEqualTo(401);
    Http.Response login =
        http.post(
            "/api/v1/auth/login",
            Http.json("email", "dora@example.com", "password", TestServer.PASSWORD, "org", "team"),
            null);
    assertThat(login.status()).isEqualTo(401);
    assertThat(http.post("/api/v1/orgs/team/members/" + id + "/reactivate", "{}", admin).status())
        .isEqualTo(200);
    assertThat(server.login("dora@example.com", TestServer.PASSWORD, "team")).isNotBlank();
  }

  @Test
  void theLastActiveAdminCanBeNeitherDemotedNorDeactivated() {
    server.createOrg(admin, "solo");
    Http.Response invite =
        http.post(
            "/api/v1/orgs/solo/members",
            Http.json("email", "only@example.com", "role", "admin"),
            admin);
    http.post(
        "/api/v1/invitations/accept",
        Http.json("token", invite.json().get("token").asText(), "password", TestServer.PASSWORD),
        null);
    String id =
        http.get("/api/v1/orgs/solo/members", admin).json().get("items").get(0).get("id").asText();
    assertThat(
            http.patch(
                    "/api/v1/orgs/solo/members/" + id,
                    Http.json("role", "member", "reason", "test"),
                    admin)
                .status())
        .isEqualTo(409);
    assertThat(http.post("/api/v1/orgs/solo/members/" + id + "/deactivate", "{}", admin).status())
        .isEqualTo(409);
  }

  @Test
  void invitingAnExistingMemberIsAConflict() {
    server.member(admin, "team", "eve@example.com", "member");
    Http.Response r =
        http.post(
            "/api/v1/orgs/team/members",
            Http.json("email", "EVE@example.com", "role", "member"),
            admin);
    assertThat(r.status()).isEqualTo(409);
  }
}
