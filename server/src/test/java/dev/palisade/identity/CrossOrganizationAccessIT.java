package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.Oathtool;
import dev.palisade.testing.TestServer;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Walks every org-scoped route with the admin token of another organization. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossOrganizationAccessIT {
  private TestServer server;
  private Http http;
  private String victimMemberId;
  private String intruder;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    String admin = server.installAdmin();
    server.createOrg(admin, "victim");
    server.createOrg(admin, "intruder");
    String victim = server.member(admin, "victim", "v@example.com", "admin");
    String secret = http.post("/api/v1/me/mfa/totp", null, victim).json().get("secret").asText();
    Http.Response enrolled =
        http.post(
            "/api/v1/me/mfa/totp/confirm",
            Http.json("code", Oathtool.totp(secret, server.clock().instant())),
            victim);
    assertThat(enrolled.status()).as("the victim has a second factor to reset").isEqualTo(200);
    victimMemberId =
        http.get("/api/v1/orgs/victim/members", admin)
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText();
    intruder = server.member(admin, "intruder", "i@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private List<UriRouteInfo<?, ?>> orgRoutes() {
    return server
        .context()
        .getBean(Router.class)
        .uriRoutes()
        .filter(r -> r.getUriMatchTemplate().toString().startsWith("/api/v1/orgs/{slug}"))
        .collect(Collectors.toList());
  }

  @Test
  void everyOrgScopedRouteRefusesAnotherOrganizationsAdmin() throws Exception {
    List<UriRouteInfo<?, ?>> routes = orgRoutes();
    assertThat(routes).hasSizeGreaterThanOrEqualTo(7);
    String victimDb = server.db().tenantPrefix() + "victim";
    String before = snapshot(victimDb);
    for (UriRouteInfo<?, ?> route : routes) {
      String path =
          route
              .getUriMatchTemplate()
              .expand(Map.of("slug", "victim", "id", victimMemberId, "key", "reports/q1.txt"));
      String method = route.getHttpMethodName();
      String body = method.equals("GET") ? null : validBodyFor(method, path);
      Http.Response r = http.send(method, path, body, intruder, Map.of());
      assertThat(r.status()).as(method + " " + path + " -> " + r.body()).isIn(403, 404);
      assertThat(r.contentType()).startsWith("application/problem+json");
    }
    assertThat(snapshot(victimDb)).isEqualTo(before);
    assertThat(
            http.get(
                    "/api/v1/orgs/victim",
                    server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null))
                .json()
                .get("name")
                .asText())
        .isEqualTo("Org victim");
  }

  @Test
  void theSameRoutesWorkForTheOrganizationsOwnAdmin() {
    String own = server.login("i@example.com", TestServer.PASSWORD, "intruder");
    assertThat(http.get("/api/v1/orgs/intruder/members", own).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/orgs/intruder", own).status()).isEqualTo(200);
  }

  /** A body the route would accept from an authorized caller, so only authorization can stop it. */
  private static String validBodyFor(String method, String path) {
    if (path.endsWith("/deactivate")
        || path.endsWith("/reactivate")
        || path.endsWith("/mfa")
        || path.endsWith("/password-reset")) {
      return Http.json("reason", "r");
    }
    if (method.equals("PATCH") && path.contains("/members/")) {
      return Http.json("role", "member", "reason", "r");
    }
    if (method.equals("PATCH")) {
      return Http.json("name", "Pwned");
    }
    if (path.endsWith("/syslog")) {
      return Http.json("host", "127.0.0.1", "port", 514, "transport", "udp");
    }
    if (path.endsWith("/members")) {
      return Http.json("email", "x@example.com", "role", "admin");
    }
    return "{}";
  }

  private String snapshot(String database) throws Exception {
    StringBuilder b = new StringBuilder();
    try (var c = server.db().connect(database)) {
      for (String q :
          new String[] {
            "select id, email, role, status, updated_at from members order by id",
            "select id, email, role, accepted_at from invitations order by id",
            "select id, account_id, used_at from password_resets order by id",
            "select key, value from org_settings order by key",
            "select account_id, status, last_step from account_mfa order by account_id",
            "select host, port, transport, enabled from syslog_destination"
          }) {
        try (var rs = c.createStatement().executeQuery(q)) {
          int cols = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            for (int i = 1; i <= cols; i++) {
              b.append(rs.getString(i)).append('|');
            }
            b.append('\n');
          }
        }
      }
    }
    b.append(server.db().count("select count(*) from organizations where name = 'Pwned'"));
    return b.toString();
  }
}
