package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Invitations are listed and revoked, and do not outlive the member who issued them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvitationRevocationIT {
  private static final String ORG = "invites";
  private static final String BASE = "/api/v1/orgs/" + ORG;
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, ORG);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private JsonNode invite(String token, String email) {
    Http.Response r =
        http.post(BASE + "/members", Http.json("email", email, "role", "member"), token);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private int accept(String invitationToken) {
    return http.post(
            "/api/v1/invitations/accept",
            Http.json("token", invitationToken, "password", TestServer.PASSWORD),
            null)
        .status();
  }

  private JsonNode listed(String id) {
    for (JsonNode i : http.get(BASE + "/invitations?limit=200", admin).json().get("items")) {
      if (i.get("id").asText().equals(id)) {
        return i;
      }
    }
    throw new AssertionError("invitation " + id + " not listed");
  }

  @Test
  void anAdminListsAndRevokesAnInvitationWhichThenCannotBeAccepted() throws Exception {
    JsonNode inv = invite(admin, "rev@example.com");
    String id = inv.get("id").asText();
    JsonNode pending = listed(id);
    assertThat(pending.get("status").asText()).isEqualTo("pending");
    assertThat(pending.get("email").asText()).isEqualTo("rev@example.com");
    assertThat(pending.has("token")).isFalse();

    Http.Response revoked =
        http.send("DELETE", BASE + "/invitations/" + id, null, admin, java.util.Map.of());
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(204);
    assertThat(listed(id).get("status").asText()).isEqualTo("revoked");
    assertThat(accept(inv.get("token").asText())).isEqualTo(404);
    assertThat(
            server
                .db()
                .countIn(
                    server.db().tenantPrefix() + ORG,
                    "select count(*) from audit_entries where action = 'invitation.revoked'"
                        + " and subject_id = '"
                        + id
                        + "'"))
        .isEqualTo(1);
    Http.Response again =
        http.send("DELETE", BASE + "/invitations/" + id, null, admin, java.util.Map.of());
    assertThat(again.status()).isEqualTo(409);
  }

  @Test
  void deactivatingAMemberRevokesTheInvitationsTheyIssued() {
    String manager = server.member(admin, ORG, "mgr@example.com", "admin");
    server.member(admin, ORG, "keep@example.com", "admin");
    JsonNode inv = invite(manager, "friend@example.com");
    String managerId = null;
    for (JsonNode m : http.get(BASE + "/members?limit=200", admin).json().get("items")) {
      if (m.get("email").asText().equals("mgr@example.com")) {
        managerId = m.get("id").asText();
      }
    }
    Http.Response off =
        http.post(
            BASE + "/members/" + managerId + "/deactivate", Http.json("reason", "left"), admin);
    assertThat(off.status()).as(off.body()).isEqualTo(200);
    assertThat(listed(inv.get("id").asText()).get("status").asText()).isEqualTo("revoked");
    assertThat(accept(inv.get("token").asText())).isEqualTo(404);
  }

  @Test
  void membersWithoutTheManagePermissionCannotListOrRevoke() {
    String plain = server.member(admin, ORG, "plain@example.com", "member");
    assertThat(http.get(BASE + "/invitations", plain).status()).isEqualTo(403);
  }
}
