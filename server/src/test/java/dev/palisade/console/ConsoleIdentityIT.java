package dev.palisade.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.Oathtool;
import dev.palisade.testing.TestServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The console's identity pages in a real browser against one real server on real PostgreSQL: the
 * second step of sign-in with codes from Debian's oathtool, sign-out revoking the token, enrolment
 * and password change on the account page, an organization that requires MFA, the pages used with
 * one-time tokens, and the members and install admins pages' identity actions. The scenarios read
 * and move the server's test clock through {@link ConsoleBrowser}'s questions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIdentityIT {
  static final String NEW_PASSWORD = "a brand new passphrase 42";

  private TestServer server;
  private Http http;
  private String admin;
  private ConsoleBrowser browser;
  private final Map<String, Object> expect = new LinkedHashMap<>();

  @BeforeAll
  void seed() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    String mia = server.member(admin, "acme", "mia@example.com", "member");
    server.member(admin, "acme", "nora@example.com", "member");
    server.member(admin, "acme", "pete@example.com", "member");
    ok(
        http.post(
            "/api/v1/orgs/acme/members",
            Http.json("email", "ivy@example.com", "role", "member"),
            admin));
    String quinn =
        ok(http.post(
                "/api/v1/orgs/acme/members",
                Http.json("email", "quinn@example.com", "role", "auditor"),
                admin))
            .get("token")
            .asText();
    String secret = ok(http.post("/api/v1/me/mfa/totp", "", mia)).get("secret").asText();
    ok(
        http.post(
            "/api/v1/me/mfa/totp/confirm",
            Http.json("code", Oathtool.totp(secret, server.clock().instant())),
            mia));
    // the code that confirmed is used; the browser's first code is of the next step
    server.clock().advance(Duration.ofSeconds(30));

    int port = server.context().getBean(EmbeddedServer.class).getPort();
    browser =
        new ConsoleBrowser(
            "http://127.0.0.1:" + port, TestServer.ADMIN_EMAIL, TestServer.PASSWORD, "");
    expect.put("org", "acme");
    expect.put("admin", who(TestServer.ADMIN_EMAIL, null));
    Map<String, Object> m = who("mia@example.com", "acme");
    m.put("secret", secret);
    expect.put("mfaMember", m);
    expect.put("enrolMember", who("nora@example.com", "acme"));
    expect.put("resetMember", "pete@example.com");
    expect.put("revokeInvitation", "ivy@example.com");
    expect.put("memberInvitation", quinn);
    expect.put("newPassword", NEW_PASSWORD);
    Map<String, Object> ops = who("ops@example.com", null);
    ops.put("password", NEW_PASSWORD);
    expect.put("newAdmin", ops);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private static Map<String, Object> who(String email, String org) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("email", email);
    m.put("password", TestServer.PASSWORD);
    m.put("org", org == null ? "" : org);
    return m;
  }

  private static JsonNode ok(Http.Response r) {
    assertThat(r.status()).as(r.body()).isBetween(200, 299);
    return r.body().isEmpty() ? null : r.json();
  }

  /** The scenario's questions: the server's clock, optionally moved forward first. */
  private String clock(String question) {
    if (question.startsWith("advance ")) {
      server.clock().advance(Duration.ofSeconds(Long.parseLong(question.substring(8))));
    } else if (!question.equals("now")) {
      throw new AssertionError("unknown question " + question);
    }
    return Long.toString(server.clock().instant().getEpochSecond());
  }

  private Http.Response login(String email, String password, String org) {
    return http.post(
        "/api/v1/auth/login", Http.json("email", email, "password", password, "org", org), null);
  }

  @Test
  @Order(1)
  void signsInWithAnOathtoolCodeAndSignOutRevokesTheToken() {
    JsonNode r = browser.run("mfaSignIn", expect, this::clock);
    assertThat(r.get("landed").asText()).isEqualTo("/console/orgs/acme/settings");
    Http.Response afterSignOut = http.get("/api/v1/orgs/acme", r.get("revokedToken").asText());
    assertThat(afterSignOut.status()).isEqualTo(401);
    assertThat(afterSignOut.json().get("detail").asText()).contains("no longer valid");
    assertThat(r.get("expired").asText()).contains("Sign-in expired");
  }

  @Test
  @Order(2)
  void anAdminRevokesResetsAndRequiresMfaThroughThePages() {
    JsonNode r = browser.run("adminIdentity", expect, this::clock);
    JsonNode ivy = null;
    for (JsonNode i : ok(http.get("/api/v1/orgs/acme/invitations", admin)).get("items")) {
      if (i.get("email").asText().equals("ivy@example.com")) {
        ivy = i;
      }
    }
    assertThat(ivy).isNotNull();
    assertThat(ivy.get("status").asText()).isEqualTo("revoked");
    // the reset set pete's password; the old one is refused
    assertThat(login("pete@example.com", NEW_PASSWORD, "acme").status()).isEqualTo(200);
    assertThat(login("pete@example.com", TestServer.PASSWORD, "acme").status()).isEqualTo(401);
    assertThat(r.get("reused").asText()).contains("password reset token");
    // mia's second factor is gone: the password alone signs in
    JsonNode mia = ok(login("mia@example.com", TestServer.PASSWORD, "acme"));
    assertThat(mia.has("accessToken")).isTrue();
    assertThat(ok(http.get("/api/v1/orgs/acme", admin)).get("requireMfa").asBoolean()).isTrue();
    assertThat(login("quinn@example.com", NEW_PASSWORD, "acme").status()).isEqualTo(200);
  }

  @Test
  @Order(3)
  void aMemberWhoMustEnrolIsSentToEnrolAndThenChangesThePassword() {
    JsonNode r = browser.run("enrolment", expect, this::clock);
    assertThat(r.get("codes")).hasSize(10);
    assertThat(r.get("groupedOk").asBoolean()).isTrue();
    assertThat(r.get("refused").asText()).contains("cannot be disabled");
    assertThat(r.get("differ").asText()).contains("Passwords differ");
    assertThat(login("nora@example.com", TestServer.PASSWORD, "acme").status()).isEqualTo(401);
    JsonNode nora = ok(login("nora@example.com", NEW_PASSWORD, "acme"));
    assertThat(nora.get("mfaRequired").asBoolean()).isTrue();
    // the password change ended the token the session had before
    assertThat(http.get("/api/v1/me/mfa", r.get("oldToken").asText()).status()).isEqualTo(401);
    // a recovery code shown on the page completes a sign-in
    Http.Response done =
        http.post(
            "/api/v1/auth/login/mfa",
            Http.json(
                "challenge", nora.get("challenge").asText(), "code", r.get("recovery").asText()),
            null);
    assertThat(done.status()).as(done.body()).isEqualTo(200);
  }

  @Test
  @Order(4)
  void installAdminsAreInvitedAcceptOnThePageAndTheLastOneStays() {
    JsonNode r = browser.run("installAdmins", expect, this::clock);
    assertThat(r.get("last").asText()).contains("last active install admin");
    String status = null;
    for (JsonNode a : ok(http.get("/api/v1/install/admins", admin)).get("items")) {
      if (a.get("email").asText().equals("ops@example.com")) {
        status = a.get("status").asText();
      }
    }
    assertThat(status).isEqualTo("deactivated");
  }
}
