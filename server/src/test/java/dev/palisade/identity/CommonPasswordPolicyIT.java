package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every place a password is set refuses one of the 10,000 most common passwords, whatever its case,
 * and the account's own e-mail address or its local part, with a 422 naming the field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommonPasswordPolicyIT {
  private static final String ORG = "policy";

  /** On the bundled list and longer than the default minimum of 12 characters. */
  private static final String COMMON = "QwErTy123456";

  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static void refused(Http.Response r, String field, String what) {
    assertThat(r.status()).as(what + " " + r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asText()).isEqualTo("invalid-field");
    assertThat(r.json().get("field").asText()).as(what).isEqualTo(field);
    assertThat(r.body()).as(what + " repeats no password").doesNotContainIgnoringCase(COMMON);
  }

  private void setUp() {
    if (admin != null) {
      return;
    }
    refused(
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken",
                server.setupToken(),
                "email",
                TestServer.ADMIN_EMAIL,
                "password",
                COMMON),
            null),
        "password",
        "setup, common");
    refused(
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken",
                server.setupToken(),
                "email",
                "administrator@example.com",
                "password",
                "ADMINISTRATOR@example.com"),
            null),
        "password",
        "setup, e-mail");
    admin = server.installAdmin();
    server.createOrg(admin, ORG);
  }

  @Test
  void setupAndInvitationAcceptanceRefuseCommonPasswordsAndTheEmail() throws Exception {
    setUp();
    Http.Response invite =
        http.post(
            "/api/v1/orgs/" + ORG + "/members",
            Http.json("email", "longlocalpart@example.com", "role", "member"),
            admin);
    String token = invite.json().get("token").asText();
    refused(
        http.post(
            "/api/v1/invitations/accept", Http.json("token", token, "password", COMMON), null),
        "password",
        "invitation, common");
    refused(
        http.post(
            "/api/v1/invitations/accept",
            Http.json("token", token, "password", "LongLocalPart"),
            null),
        "password",
        "invitation, local part");
    assertThat(
            http.post(
                    "/api/v1/invitations/accept",
                    Http.json("token", token, "password", TestServer.PASSWORD),
                    null)
                .status())
        .as("the invitation is still open")
        .isEqualTo(201);
  }

  @Test
  void changeResetAndInstallAdminAcceptanceRefuseThemToo() throws Exception {
    setUp();
    String member = server.member(admin, ORG, "mo@example.com", "member");
    refused(
        http.post(
            "/api/v1/me/password",
            Http.json("currentPassword", TestServer.PASSWORD, "newPassword", COMMON),
            member),
        "newPassword",
        "change, common");
    refused(
        http.post(
            "/api/v1/me/password",
            Http.json("currentPassword", TestServer.PASSWORD, "newPassword", "MO@EXAMPLE.COM"),
            member),
        "newPassword",
        "change, e-mail");
    String id = null;
    for (var m :
        http.get("/api/v1/orgs/" + ORG + "/members?limit=200", admin).json().get("items")) {
      if (m.get("email").asText().equals("mo@example.com")) {
        id = m.get("id").asText();
      }
    }
    String reset =
        http.post(
                "/api/v1/orgs/" + ORG + "/members/" + id + "/password-reset",
                Http.json("reason", "policy test"),
                admin)
            .json()
            .get("token")
            .asText();
    refused(
        http.post("/api/v1/password-reset", Http.json("token", reset, "newPassword", COMMON), null),
        "newPassword",
        "reset, common");
    refused(
        http.post(
            "/api/v1/password-reset",
            Http.json("token", reset, "newPassword", "mo@example.com"),
            null),
        "newPassword",
        "reset, e-mail");
    assertThat(
            http.post(
                    "/api/v1/password-reset",
                    Http.json("token", reset, "newPassword", "an uncommon passphrase"),
                    null)
                .status())
        .as("the refused attempts did not use the token")
        .isEqualTo(204);
    String invitation =
        http.post("/api/v1/install/admins", Http.json("email", "root@example.com"), admin)
            .json()
            .get("token")
            .asText();
    refused(
        http.post(
            "/api/v1/install/admins/invitations/accept",
            Http.json("token", invitation, "password", COMMON.toLowerCase()),
            null),
        "password",
        "install admin acceptance, common");
    assertThat(server.db().count("select count(*) from install_admins")).isEqualTo(1);
  }
}
