package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.AtOnce;
import dev.palisade.testing.Http;
import dev.palisade.testing.LogCapture;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One-time password reset tokens: issued by an admin, used once, within their lifetime. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordResetIT {
  private static final String ORG = "resets";
  private static final String NEW = "a freshly reset passphrase";
  private LogCapture logs;
  private TestServer server;
  private Http http;
  private String admin;
  private String orgAdmin;

  @BeforeAll
  void start() {
    logs = LogCapture.json();
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, ORG);
    orgAdmin = server.member(admin, ORG, "boss@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    logs.close();
    server.close();
  }

  private String idOf(String email) {
    for (var m :
        http.get("/api/v1/orgs/" + ORG + "/members?limit=200", admin).json().get("items")) {
      if (m.get("email").asText().equals(email)) {
        return m.get("id").asText();
      }
    }
    throw new AssertionError(email + " not listed");
  }

  private Http.Response issue(String memberId, String token) {
    return http.post(
        "/api/v1/orgs/" + ORG + "/members/" + memberId + "/password-reset",
        Http.json("reason", "forgot it"),
        token);
  }

  private String issued(String memberId) {
    Http.Response r = issue(memberId, orgAdmin);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("expiresAt").asText()).isNotBlank();
    return r.json().get("token").asText();
  }

  private Http.Response reset(String token, String password) {
    return http.post(
        "/api/v1/password-reset", Http.json("token", token, "newPassword", password), null);
  }

  private Http.Response login(String email, String password) {
    return http.post(
        "/api/v1/auth/login", Http.json("email", email, "password", password, "org", ORG), null);
  }

  @Test
  void aResetTokenSetsThePasswordOnceAndEndsEarlierTokens() throws Exception {
    String old = server.member(admin, ORG, "fay@example.com", "member");
    String id = idOf("fay@example.com");
    String token = issued(id);
    Http.Response r = reset(token, NEW);
    assertThat(r.status()).as(r.body()).isEqualTo(204);
    assertThat(r.body()).doesNotContain(server.db().tenantPrefix());
    assertThat(http.get("/api/v1/orgs/" + ORG, old).status()).isEqualTo(401);
    assertThat(login("fay@example.com", NEW).status()).isEqualTo(200);
    Http.Response again = reset(token, "yet another passphrase");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json().get("code").asText()).isEqualTo("invalid-reset-token");
    assertThat(login("fay@example.com", NEW).status()).isEqualTo(200);
    String tenant = server.db().tenantPrefix() + ORG;
    assertThat(
            server
                .db()
                .countIn(
                    tenant,
                    "select count(*) from audit_entries where action = 'password.reset_issued'"
                        + " and reason = 'forgot it' and subject_id = '"
                        + id
                        + "'"))
        .isEqualTo(1);
    assertThat(
            server
                .db()
                .countIn(
                    tenant,
                    "select count(*) from audit_entries where action = 'password.reset'"
                        + " and subject_id = '"
                        + id
                        + "'"))
        .isEqualTo(1);
    assertThat(
            server
                .db()
                .countIn(
                    tenant,
                    "select count(*) from password_resets where token_hash = sha256('"
                        + token
                        + "'::bytea)"))
        .as("stored as SHA-256")
        .isEqualTo(1);
    String logged = logs.text();
    assertThat(logged).contains("password reset").doesNotContain(token).doesNotContain(NEW);
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    server.member(admin, ORG, "gus@example.com", "member");
    String token = issued(idOf("gus@example.com"));
    server.clock().advance(Duration.ofHours(24).plusMinutes(1));
    assertThat(reset(token, NEW).status()).isEqualTo(404);
    assertThat(login("gus@example.com", TestServer.PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void aNewerTokenSupersedesTheOlderOne() throws Exception {
    server.member(admin, ORG, "hal@example.com", "member");
    String id = idOf("hal@example.com");
    String older = issued(id);
    String newer = issued(id);
    assertThat(reset(older, NEW).status()).isEqualTo(404);
    assertThat(reset(newer, NEW).status()).isEqualTo(204);
  }

  @Test
  void ofTwoUsesAtOnceExactlyOneWins() throws Exception {
    server.member(admin, ORG, "ida@example.com", "member");
    String token = issued(idOf("ida@example.com"));
    List<Integer> answers = AtOnce.run(6, i -> reset(token, "concurrent passphrase " + i).status());
    assertThat(answers).containsOnly(204, 404).containsOnlyOnce(204);
    assertThat(
            server
                .db()
                .countIn(
                    server.db().tenantPrefix() + ORG,
                    "select count(*) from audit_entries where action = 'password.reset'"
                        + " and subject_id = '"
                        + idOf("ida@example.com")
                        + "'"))
        .isEqualTo(1);
  }

  @Test
  void aResetEndsALockout() throws Exception {
    server.member(admin, ORG, "jon@example.com", "member");
    for (int i = 0; i < 5; i++) {
      login("jon@example.com", "wrong password!!");
    }
    assertThat(login("jon@example.com", TestServer.PASSWORD).status()).isEqualTo(401);
    assertThat(reset(issued(idOf("jon@example.com")), NEW).status()).isEqualTo(204);
    assertThat(login("jon@example.com", NEW).status()).isEqualTo(200);
  }

  @Test
  void onlyMembersManageMayIssueAndAReasonIsRequired() throws Exception {
    String auditor = server.member(admin, ORG, "kai@example.com", "auditor");
    String id = idOf("kai@example.com");
    assertThat(issue(id, auditor).status()).isEqualTo(403);
    Http.Response noReason =
        http.post("/api/v1/orgs/" + ORG + "/members/" + id + "/password-reset", "{}", orgAdmin);
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
    assertThat(issue("00000000-0000-0000-0000-000000000000", orgAdmin).status()).isEqualTo(404);
  }

  @Test
  void unknownAndMalformedTokensAreRefusedAlike() {
    for (String token :
        new String[] {"pwr_x", "pwi_nothing", "nonsense", "pwr_" + "0".repeat(32) + "_abc"}) {
      Http.Response r = reset(token, NEW);
      assertThat(r.status()).as(token).isEqualTo(404);
      assertThat(r.json().get("code").asText()).isEqualTo("invalid-reset-token");
    }
  }

  @Test
  void anInstallAdminResetsAnotherInstallAdmin() throws Exception {
    Http.Response invite =
        http.post("/api/v1/install/admins", Http.json("email", "night@example.com"), admin);
    Http.Response accepted =
        http.post(
            "/api/v1/install/admins/invitations/accept",
            Http.json(
                "token", invite.json().get("token").asText(), "password", TestServer.PASSWORD),
            null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    String id = accepted.json().get("id").asText();
    String old = server.login("night@example.com", TestServer.PASSWORD, null);
    Http.Response r =
        http.post(
            "/api/v1/install/admins/" + id + "/password-reset",
            Http.json("reason", "lost phone"),
            admin);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String token = r.json().get("token").asText();
    assertThat(issue(id, orgAdmin).status())
        .as("an org admin, for an install admin")
        .isEqualTo(404);
    assertThat(
            http.post(
                    "/api/v1/install/admins/" + id + "/password-reset",
                    Http.json("reason", "x"),
                    orgAdmin)
                .status())
        .isEqualTo(403);
    assertThat(reset(token, NEW).status()).isEqualTo(204);
    assertThat(http.get("/api/v1/orgs", old).status()).isEqualTo(401);
    assertThat(server.login("night@example.com", NEW, null)).isNotBlank();
    assertThat(
            server.db().count("select count(*) from audit_entries where action = 'password.reset'"))
        .isEqualTo(1);
  }
}
