package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Changing one's own password checks the current one like a sign-in and ends every earlier token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordChangeIT {
  private static final String ORG = "changes";
  private static final String NEW = "a brand new passphrase";
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

  private Http.Response change(String token, String current, String next) {
    return http.post(
        "/api/v1/me/password", Http.json("currentPassword", current, "newPassword", next), token);
  }

  private int orgAs(String token) {
    return http.get("/api/v1/orgs/" + ORG, token).status();
  }

  @Test
  void aChangeEndsEveryEarlierTokenAndAnswersWithAFreshOne() throws Exception {
    String token = server.member(admin, ORG, "cal@example.com", "member");
    String elsewhere = server.login("cal@example.com", TestServer.PASSWORD, ORG);
    Http.Response r = change(token, TestServer.PASSWORD, NEW);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    String fresh = r.json().get("accessToken").asText();
    assertThat(r.json().get("tokenType").asText()).isEqualTo("Bearer");
    assertThat(orgAs(elsewhere)).as("another session").isEqualTo(401);
    assertThat(orgAs(token)).as("the token that made the change").isEqualTo(401);
    assertThat(orgAs(fresh)).as("the token in the answer").isEqualTo(200);
    assertThat(
            http.post(
                    "/api/v1/auth/login",
                    Http.json(
                        "email", "cal@example.com", "password", TestServer.PASSWORD, "org", ORG),
                    null)
                .status())
        .as("the old password")
        .isEqualTo(401);
    assertThat(server.login("cal@example.com", NEW, ORG)).isNotBlank();
    assertThat(
            server
                .db()
                .countIn(
                    server.db().tenantPrefix() + ORG,
                    "select count(*) from audit_entries where action = 'password.changed'"))
        .isEqualTo(1);
  }

  @Test
  void wrongCurrentPasswordsCountTowardsTheLockout() throws Exception {
    String token = server.member(admin, ORG, "dan@example.com", "member");
    for (int i = 0; i < 5; i++) {
      Http.Response r = change(token, "not the password at all", NEW);
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.json().get("field").asText()).isEqualTo("currentPassword");
    }
    Http.Response locked = change(token, TestServer.PASSWORD, NEW);
    assertThat(locked.status()).as("the right password while locked").isEqualTo(422);
    assertThat(
            http.post(
                    "/api/v1/auth/login",
                    Http.json(
                        "email", "dan@example.com", "password", TestServer.PASSWORD, "org", ORG),
                    null)
                .status())
        .as("sign-in while locked")
        .isEqualTo(401);
    assertThat(orgAs(token)).as("the password did not change, tokens live on").isEqualTo(200);
  }

  @Test
  void anInstallAdminChangesItsPasswordToo() throws Exception {
    Http.Response invite =
        http.post("/api/v1/install/admins", Http.json("email", "ops@example.com"), admin);
    assertThat(invite.status()).as(invite.body()).isEqualTo(201);
    http.post(
        "/api/v1/install/admins/invitations/accept",
        Http.json("token", invite.json().get("token").asText(), "password", TestServer.PASSWORD),
        null);
    String ops = server.login("ops@example.com", TestServer.PASSWORD, null);
    Http.Response r = change(ops, TestServer.PASSWORD, NEW);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(http.get("/api/v1/orgs", ops).status()).isEqualTo(401);
    assertThat(http.get("/api/v1/orgs", r.json().get("accessToken").asText()).status())
        .isEqualTo(200);
    assertThat(
            server
                .db()
                .count("select count(*) from audit_entries where action = 'password.changed'"))
        .isEqualTo(1);
  }

  @Test
  void aRefusedNewPasswordChangesNothing() throws Exception {
    String token = server.member(admin, ORG, "eve@example.com", "member");
    Http.Response r = change(token, TestServer.PASSWORD, "short");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("field").asText()).isEqualTo("newPassword");
    assertThat(orgAs(token)).isEqualTo(200);
    assertThat(server.login("eve@example.com", TestServer.PASSWORD, ORG)).isNotBlank();
  }
}
