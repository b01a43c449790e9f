package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.tenancy.Databases;
import dev.palisade.testing.Http;
import dev.palisade.testing.Oathtool;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The organization's requireMfa policy, resets by administrators, and install admins' MFA. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MfaPolicyAndResetIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private void nextStep() {
    long ms = server.clock().instant().toEpochMilli();
    long next = (Math.floorDiv(ms, 30_000) + 1) * 30_000 + 2_000;
    server.clock().advance(Duration.ofMillis(next - ms));
  }

  /** Enrols the token's account and returns its secret. */
  private String enrol(String token) {
    Http.Response e = http.post("/api/v1/me/mfa/totp", null, token);
    assertThat(e.status()).as(e.body()).isEqualTo(200);
    String secret = e.json().get("secret").asText();
    nextStep();
    Http.Response c =
        http.post(
            "/api/v1/me/mfa/totp/confirm",
            Http.json("code", Oathtool.totp(secret, server.clock().instant())),
            token);
    assertThat(c.status()).as(c.body()).isEqualTo(200);
    return secret;
  }

  private Http.Response password(String email, String org) {
    return http.post(
        "/api/v1/auth/login",
        Http.json("email", email, "password", TestServer.PASSWORD, "org", org),
        null);
  }

  private String signIn(String email, String org, String secret) {
    Http.Response p = password(email, org);
    assertThat(p.json().get("mfaRequired").asBoolean()).as(p.body()).isTrue();
    nextStep();
    Http.Response r =
        http.post(
            "/api/v1/auth/login/mfa",
            Http.json(
                "challenge",
                p.json().get("challenge").asText(),
                "code",
                Oathtool.totp(secret, server.clock().instant())),
            null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("accessToken").asText();
  }

  private long count(String database, String sql) throws Exception {
    try (var c = server.db().connect(database);
        var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void requireMfaLeavesMembersWithoutOneOnlyEnrolment() throws Exception {
    server.createOrg(admin, "strict");
    String orgAdmin = server.member(admin, "strict", "boss@example.com", "admin");
    String member = server.member(admin, "strict", "m@example.com", "member");
    Http.Response on = http.patch("/api/v1/orgs/strict", "{\"requireMfa\": true}", orgAdmin);
    assertThat(on.status()).as(on.body()).isEqualTo(200);
    assertThat(on.json().get("requireMfa").asBoolean()).isTrue();
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from audit_entries where action = 'org.settings.changed'"
                        + " and subject_id = '"
                        + on.json().get("id").asText()
                        + "'"))
        .isEqualTo(1);

    Http.Response blocked = http.get("/api/v1/orgs/strict", member);
    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.contentType()).startsWith("application/problem+json");
    assertThat(blocked.json().get("code").asText()).isEqualTo("mfa-enrollment-required");
    assertThat(http.get("/api/v1/me/mfa", member).json().get("required").asBoolean()).isTrue();

    String secret = enrol(member);
    assertThat(http.get("/api/v1/orgs/strict", member).status()).isEqualTo(200);
    nextStep();
    Http.Response off =
        http.send(
            "DELETE",
            "/api/v1/me/mfa/totp",
            Http.json("code", Oathtool.totp(secret, server.clock().instant())),
            member,
            Map.of());
    assertThat(off.status()).as("disabling while required").isEqualTo(409);
  }

  @Test
  void anAdminsResetEndsTheMembersTokensAndSecondFactor() throws Exception {
    server.createOrg(admin, "reset");
    String orgAdmin = server.member(admin, "reset", "lead@example.com", "admin");
    String first = server.member(admin, "reset", "lost@example.com", "member");
    String secret = enrol(first);
    String token = signIn("lost@example.com", "reset", secret);
    String id =
        http.get("/api/v1/orgs/reset/members", orgAdmin).json().findValues("id").stream()
            .map(n -> n.asText())
            .filter(
                i ->
                    http.get("/api/v1/orgs/reset/members/" + i, orgAdmin)
                        .json()
                        .get("email")
                        .asText()
                        .equals("lost@example.com"))
            .findFirst()
            .orElseThrow();
    String path = "/api/v1/orgs/reset/members/" + id + "/mfa";
    Http.Response noReason = http.send("DELETE", path, "{}", orgAdmin, Map.of());
    assertThat(noReason.status()).isEqualTo(422);
    assertThat(noReason.json().get("field").asText()).isEqualTo("reason");

    Http.Response reset =
        http.send("DELETE", path, Http.json("reason", "lost the phone"), orgAdmin, Map.of());
    assertThat(reset.status()).as(reset.body()).isEqualTo(204);
    assertThat(http.get("/api/v1/me/mfa", token).status()).isEqualTo(401);
    assertThat(password("lost@example.com", "reset").json().has("accessToken")).isTrue();
    assertThat(
            count(
                server.db().tenantPrefix() + "reset",
                "select count(*) from audit_entries where action = 'mfa.reset'"
                    + " and reason = 'lost the phone' and subject_id = '"
                    + id
                    + "'"))
        .isEqualTo(1);
    assertThat(http.send("DELETE", path, Http.json("reason", "again"), orgAdmin, Map.of()).status())
        .as("nothing left to reset")
        .isEqualTo(409);
  }

  @Test
  void installAdminsSignInWithASecondFactorAndAnotherAdminResetsIt() throws Exception {
    UUID second = UUID.randomUUID();
    String hash =
        server.context().getBean(PasswordHasher.class).hash(TestServer.PASSWORD.toCharArray());
    server
        .context()
        .getBean(Databases.class)
        .install()
        .useHandle(h -> InstallAdmins.insert(h, second, "second@example.com", hash));
    String secondToken = server.login("second@example.com", TestServer.PASSWORD, null);
    String secret = enrol(secondToken);
    String token = signIn("second@example.com", null, secret);
    assertThat(http.get("/api/v1/orgs", token).status()).isEqualTo(200);

    Http.Response reset =
        http.send(
            "DELETE",
            "/api/v1/install/admins/" + second + "/mfa",
            Http.json("reason", "left the company"),
            admin,
            Map.of());
    assertThat(reset.status()).as(reset.body()).isEqualTo(204);
    assertThat(http.get("/api/v1/orgs", token).status()).isEqualTo(401);
    assertThat(password("second@example.com", null).json().has("accessToken")).isTrue();
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from audit_entries where action in ('mfa.enrolled',"
                        + " 'mfa.reset') and subject_id = '"
                        + second
                        + "'"))
        .isEqualTo(2);
  }

  @Test
  void installAdminsCanBeRequiredToEnrol() throws Exception {
    try (TestServer strict =
        TestServer.start(Map.of("palisade.identity.install-admins-require-mfa", true))) {
      String token = strict.installAdmin();
      Http.Response blocked = strict.http().get("/api/v1/orgs", token);
      assertThat(blocked.status()).isEqualTo(403);
      assertThat(blocked.json().get("code").asText()).isEqualTo("mfa-enrollment-required");
      assertThat(strict.http().post("/api/v1/me/mfa/totp", null, token).status()).isEqualTo(200);
    }
  }
}
