package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.AtOnce;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Password hashes are the expensive part of an anonymous request: they come after every cheap
 * check, and only a bounded number run at once (here one, with no queue).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HashingLimitIT {
  private TestServer server;
  private Http http;
  private String admin;
  private PasswordHasher hasher;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            Map.of(
                "palisade.identity.hashing.concurrency", 1, "palisade.identity.hashing.queue", 0));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "hashes");
    hasher = server.context().getBean(PasswordHasher.class);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void setupAfterItIsCompleteAnswers409WithoutHashing() {
    long before = hasher.computed();
    Http.Response r =
        http.post(
            "/api/v1/setup",
            Http.json(
                "setupToken", "wrong", "email", "x@example.com", "password", TestServer.PASSWORD),
            null);
    assertThat(r.status()).isEqualTo(409);
    assertThat(hasher.computed()).isEqualTo(before);
  }

  @Test
  void anUnknownInvitationIsRefusedWithoutHashing() {
    Http.Response invite =
        http.post(
            "/api/v1/orgs/hashes/members",
            Http.json("email", "inv@example.com", "role", "member"),
            admin);
    String real = invite.json().get("token").asText();
    String forged = real.substring(0, real.length() - 4) + "zzzz";
    long before = hasher.computed();
    Http.Response r =
        http.post(
            "/api/v1/invitations/accept",
            Http.json("token", forged, "password", TestServer.PASSWORD),
            null);
    assertThat(r.status()).isEqualTo(404);
    assertThat(hasher.computed()).isEqualTo(before);
  }

  @Test
  void hashesBeyondTheLimitAre503WithRetryAfter() throws Exception {
    List<Http.Response> answers =
        AtOnce.run(
            30,
            i ->
                http.post(
                    "/api/v1/auth/login",
                    Http.json(
                        "email", "nobody" + i + "@example.com",
                        "password", "whatever it is",
                        "org", "hashes"),
                    null));
    int busy = 0;
    for (Http.Response r : answers) {
      assertThat(r.status()).as(r.body()).isIn(401, 503);
      if (r.status() == 503) {
        busy++;
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asText()).isEqualTo("busy");
        assertThat(r.header("Retry-After")).isEqualTo("1");
      }
    }
    assertThat(busy).as("answers refused for want of a hashing slot").isPositive();
    assertThat(http.get("/metrics", null).body())
        .contains("palisade_password_hash_refused_total " + (double) busy);
  }
}
