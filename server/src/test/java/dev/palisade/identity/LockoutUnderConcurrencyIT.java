package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.AtOnce;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Sign-ins sent at once for one account get no more password checks than the lockout allows. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockoutUnderConcurrencyIT {
  private static final String ORG = "rush";
  private TestServer server;
  private Http http;
  private String orgDb;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            java.util.Map.of(
                "palisade.identity.hashing.queue",
                100,
                "palisade.identity.hashing.queue-wait",
                "60s"));
    http = server.http();
    String admin = server.installAdmin();
    server.createOrg(admin, ORG);
    server.member(admin, ORG, "pat@example.com", "member");
    orgDb = server.db().tenantPrefix() + ORG;
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private Http.Response login(String password) {
    return http.post(
        "/api/v1/auth/login",
        Http.json("email", "pat@example.com", "password", password, "org", ORG),
        null);
  }

  private long entries(String condition) throws Exception {
    return server.db().countIn(orgDb, "select count(*) from audit_entries where " + condition);
  }

  @Test
  void fortyWrongPasswordsAtOnceGetFiveChecksAndTheAccountStaysLocked() throws Exception {
    for (Http.Response r : AtOnce.run(40, i -> login("wrong password " + i))) {
      assertThat(r.status()).isEqualTo(401);
    }

    long checks =
        entries("action = 'auth.locked_out'")
            + entries("action = 'auth.sign_in_failed' and reason = 'wrong password'");
    assertThat(checks).as("password checks").isEqualTo(5);
    assertThat(entries("action = 'auth.locked_out'")).isEqualTo(1);
    assertThat(entries("action = 'auth.sign_in_failed' and reason = 'account locked'"))
        .isEqualTo(35);
    assertThat(login(TestServer.PASSWORD).status())
        .as("right password while locked")
        .isEqualTo(401);
    assertThat(
            server.db().countIn(orgDb, "select count(*) from members where locked_until > now()"))
        .isEqualTo(1);
  }
}
