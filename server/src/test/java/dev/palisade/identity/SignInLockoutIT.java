package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInLockoutIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "locks");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private Http.Response login(String email, String password, String org) {
    return http.post(
        "/api/v1/auth/login", Http.json("email", email, "password", password, "org", org), null);
  }

  @Test
  void fiveFailuresLockTheAccountWithTheSameAnswerAsAWrongPassword() throws Exception {
    server.member(admin, "locks", "lee@example.com", "member");
    Http.Response wrong = login("lee@example.com", "wrong password!!", "locks");
    for (int i = 0; i < 4; i++) {
      login("lee@example.com", "wrong password!!", "locks");
    }
    Http.Response locked = login("lee@example.com", TestServer.PASSWORD, "locks");
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.json().get("detail")).isEqualTo(wrong.json().get("detail"));
    assertThat(locked.json().get("code")).isEqualTo(wrong.json().get("code"));
    server.clock().advance(Duration.ofMinutes(14));
    assertThat(login("lee@example.com", TestServer.PASSWORD, "locks").status()).isEqualTo(401);
    server.clock().advance(Duration.ofMinutes(2));
    assertThat(login("lee@example.com", TestServer.PASSWORD, "locks").status()).isEqualTo(200);
  }

  @Test
  void locksInstallAdminsToo() throws Exception {
    for (int i = 0; i < 5; i++) {
      login(TestServer.ADMIN_EMAIL, "wrong password!!", null);
    }
    assertThat(login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null).status()).isEqualTo(401);
    assertThat(server.db().count("select count(*) from install_admins where locked_until > now()"))
        .isEqualTo(1);
    server.clock().advance(Duration.ofMinutes(16));
    assertThat(login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null).status()).isEqualTo(200);
  }

  @Test
  void unknownAccountsAndOrganizationsGetTheSameAnswer() {
    Http.Response a = login("nobody@example.com", TestServer.PASSWORD, "locks");
    Http.Response b = login("nobody@example.com", TestServer.PASSWORD, "no-such-org");
    Http.Response c = login("nobody@example.com", TestServer.PASSWORD, null);
    assertThat(a.status()).isEqualTo(401);
    assertThat(b.json().get("detail")).isEqualTo(a.json().get("detail"));
    assertThat(c.json().get("detail")).isEqualTo(a.json().get("detail"));
  }

  private long auditEntries() throws Exception {
    return server.db().count("select count(*) from audit_entries")
        + server
            .db()
            .countIn(server.db().tenantPrefix() + "locks", "select count(*) from audit_entries");
  }

  @Test
  void anUnknownOrganizationCostsTheSameWorkAsAnUnknownAccount() throws Exception {
    PasswordHasher hasher = server.context().getBean(PasswordHasher.class);
    long hashes = hasher.computed();
    long entries = auditEntries();
    assertThat(login("nobody@example.com", TestServer.PASSWORD, "locks").status()).isEqualTo(401);
    assertThat(hasher.computed() - hashes).as("hashes for an unknown account").isEqualTo(1);
    assertThat(auditEntries() - entries).as("entries for an unknown account").isEqualTo(1);
    hashes = hasher.computed();
    entries = auditEntries();
    assertThat(login("nobody@example.com", TestServer.PASSWORD, "no-such-org").status())
        .isEqualTo(401);
    assertThat(hasher.computed() - hashes).as("hashes for an unknown organization").isEqualTo(1);
    assertThat(auditEntries() - entries).as("entries for an unknown organization").isEqualTo(1);
  }

  @Test
  void rejectsForgedAndExpiredLookingTokens() {
    assertThat(http.get("/api/v1/orgs", "not.a.jwt").status()).isEqualTo(401);
    String good = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertThat(http.get("/api/v1/orgs", tampered).status()).isEqualTo(401);
  }
}
