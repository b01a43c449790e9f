package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Failed sign-ins and lockouts, recorded in the audit log, show on the scrape without org labels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditDrivenMetricsIT {
  private static final String ORG = "metered-org";
  private TestServer server;
  private Http http;

  @BeforeAll
  void start() {
    server = TestServer.start(Map.of("palisade.identity.max-failed-attempts", 3));
    http = server.http();
    String admin = server.installAdmin();
    server.createOrg(admin, ORG);
    server.member(admin, ORG, "pat@example.com", "member");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private double value(String series) {
    String scrape = http.get("/metrics", null).body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+]+)$").matcher(scrape);
    assertThat(m.find()).as(series + " on the scrape").isTrue();
    return Double.parseDouble(m.group(1));
  }

  private int login(String password, String org) {
    return http.post(
            "/api/v1/auth/login",
            Http.json("email", "pat@example.com", "password", password, "org", org),
            null)
        .status();
  }

  @Test
  void countsFailedSignInsByReasonAndLockoutsByScope() {
    double appends = value("palisade_audit_appends_total{scope_type=\"org\"}");
    for (int i = 0; i < 3; i++) {
      assertThat(login("wrong password " + i, ORG)).isEqualTo(401);
    }
    assertThat(login("whatever", "no-such-org")).isEqualTo(401);

    assertThat(value("palisade_auth_failures_total{reason=\"wrong_password\",scope_type=\"org\"}"))
        .isEqualTo(2);
    assertThat(value("palisade_auth_failures_total{reason=\"locked_out\",scope_type=\"org\"}"))
        .isEqualTo(1);
    assertThat(value("palisade_lockouts_total{scope_type=\"org\"}")).isEqualTo(1);
    assertThat(value("palisade_lockouts_total{scope_type=\"install\"}")).isZero();
    assertThat(
            value(
                "palisade_auth_failures_total{reason=\"unknown_organization\","
                    + "scope_type=\"install\"}"))
        .isEqualTo(1);
    assertThat(value("palisade_audit_appends_total{scope_type=\"org\"}")).isEqualTo(appends + 3);
    assertThat(http.get("/metrics", null).body()).doesNotContain(ORG).doesNotContain("no-such-org");
  }
}
