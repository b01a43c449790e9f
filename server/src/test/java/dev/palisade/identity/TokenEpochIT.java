package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A token issued before a deactivation or a role change stays dead afterwards. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenEpochIT {
  private static final String ORG = "epochs";
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

  private String idOf(String email) {
    for (var m :
        http.get("/api/v1/orgs/" + ORG + "/members?limit=200", admin).json().get("items")) {
      if (m.get("email").asText().equals(email)) {
        return m.get("id").asText();
      }
    }
    throw new AssertionError(email + " not listed");
  }

  private int orgsAs(String token) {
    return http.get("/api/v1/orgs", token).status();
  }

  @Test
  void aTokenIssuedBeforeDeactivationStaysDeadAfterReactivation() {
    String token = server.member(admin, ORG, "cyd@example.com", "member");
    String id = idOf("cyd@example.com");
    assertThat(orgsAs(token)).isEqualTo(200);
    String base = "/api/v1/orgs/" + ORG + "/members/" + id;
    assertThat(http.post(base + "/deactivate", Http.json("reason", "left"), admin).status())
        .isEqualTo(200);
    assertThat(orgsAs(token)).isEqualTo(401);
    assertThat(http.post(base + "/reactivate", Http.json("reason", "back"), admin).status())
        .isEqualTo(200);
    assertThat(orgsAs(token)).as("the old token after reactivation").isEqualTo(401);
    String fresh = server.login("cyd@example.com", TestServer.PASSWORD, ORG);
    assertThat(orgsAs(fresh)).isEqualTo(200);
  }

  @Test
  void aRoleChangeEndsTheTokensIssuedBeforeIt() {
    String token = server.member(admin, ORG, "dee@example.com", "auditor");
    String id = idOf("dee@example.com");
    assertThat(orgsAs(token)).isEqualTo(200);
    Http.Response demoted =
        http.patch(
            "/api/v1/orgs/" + ORG + "/members/" + id,
            Http.json("role", "member", "reason", "less"),
            admin);
    assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
    assertThat(orgsAs(token)).isEqualTo(401);
    assertThat(orgsAs(server.login("dee@example.com", TestServer.PASSWORD, ORG))).isEqualTo(200);
  }
}
