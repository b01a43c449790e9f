package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.AtOnce;
import dev.palisade.testing.Http;
import dev.palisade.testing.ServerProcess;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** Sign-out ends the presented token at once, on every instance, and only that token. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignOutIT {
  private static final String ORG = "outs";
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

  private int logout(Http on, String token) {
    return on.post("/api/v1/auth/logout", null, token).status();
  }

  @Test
  void aSignedOutMemberTokenIsRefusedAtOnceOnAnotherInstanceToo() throws Exception {
    String token = server.member(admin, ORG, "ann@example.com", "member");
    String other = server.login("ann@example.com", TestServer.PASSWORD, ORG);
    long installBefore =
        server.db().count("select count(*) from audit_entries where action = 'auth.signed_out'");
    try (ServerProcess b = ServerProcess.start(server.db(), server.home(), Map.of())) {
      assertThat(b.http().get("/api/v1/orgs/" + ORG, token).status()).isEqualTo(200);
      assertThat(logout(http, token)).isEqualTo(204);
      assertThat(http.get("/api/v1/orgs/" + ORG, token).status()).isEqualTo(401);
      assertThat(b.http().get("/api/v1/orgs/" + ORG, token).status())
          .as("the other instance")
          .isEqualTo(401);
      assertThat(logout(b.http(), token)).as("a second sign-out").isEqualTo(401);
      assertThat(b.http().get("/api/v1/orgs/" + ORG, other).status())
          .as("another token of the same member")
          .isEqualTo(200);
    }
    assertThat(
            server
                .db()
                .count("select count(*) from audit_entries where action = 'auth.signed_out'"))
        .as("no member sign-out in the install chain")
        .isEqualTo(installBefore);
    assertThat(
            server
                .db()
                .countIn(
                    server.db().tenantPrefix() + ORG,
                    "select count(*) from audit_entries where action = 'auth.signed_out'"))
        .as("the member's sign-out in the organization's chain")
        .isEqualTo(1);
  }

  @Test
  void anInstallAdminSignsOutIntoTheInstallChainAndStaysOutAfterARestart() throws Exception {
    String token = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
    long before =
        server.db().count("select count(*) from audit_entries where action = 'auth.signed_out'");
    assertThat(logout(http, token)).isEqualTo(204);
    assertThat(
            server
                .db()
                .count("select count(*) from audit_entries where action = 'auth.signed_out'"))
        .isEqualTo(before + 1);
    server.stop();
    server = TestServer.restart(server.db(), server.home(), Map.of());
    http = server.http();
    assertThat(http.get("/api/v1/orgs", token).status()).isEqualTo(401);
    admin = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
    assertThat(http.get("/api/v1/orgs", admin).status()).isEqualTo(200);
  }

  @Test
  void twoSignOutsOfOneTokenAtOnceEndItOnceAndRecordOneEntry() throws Exception {
    String token = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
    long before =
        server.db().count("select count(*) from audit_entries where action = 'auth.signed_out'");
    List<Integer> answers = AtOnce.run(4, i -> logout(http, token));
    assertThat(answers).containsOnly(204, 401).containsOnlyOnce(204);
    assertThat(
            server
                .db()
                .count("select count(*) from audit_entries where action = 'auth.signed_out'"))
        .isEqualTo(before + 1);
  }

  /** Last: it moves the server's clock past the expiry of every token issued before. */
  @Test
  @Order(Integer.MAX_VALUE)
  void revokedIdsAreKeptOnlyUntilTheirTokensExpire() throws Exception {
    String first = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
    assertThat(logout(http, first)).isEqualTo(204);
    assertThat(server.db().count("select count(*) from revoked_tokens")).isPositive();
    server.clock().advance(Duration.ofHours(2));
    String second = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
    assertThat(logout(http, second)).isEqualTo(204);
    assertThat(server.db().count("select count(*) from revoked_tokens"))
        .as("only the id of the token that has not expired yet")
        .isEqualTo(1);
  }

  @Test
  void signingOutWithoutATokenIs401() {
    Http.Response r = http.post("/api/v1/auth/logout", null, null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
