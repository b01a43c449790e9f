package dev.palisade.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Database latency from the readiness refresh, keyring versions and audit verification results show
 * on the scrape, by kind only: no series names an organization.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DependencyAndChainMetricsIT {
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            Map.of(
                "palisade.health.refresh-interval", "200ms",
                "palisade.keys.version-count-interval", "200ms"));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "gauged");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String orgDatabase() {
    return server.db().tenantPrefix() + "gauged";
  }

  private double value(String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+|NaN)$")
            .matcher(http.get("/metrics", null).body());
    assertThat(m.find()).as(series + " on the scrape").isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void timesTheInstallAndAnOrganizationDatabaseAtEachReadinessRefresh() throws Exception {
    String install = "palisade_database_latency_seconds_count{database=\"install\"}";
    String tenant = "palisade_database_latency_seconds_count{database=\"tenant\"}";
    double installBefore = value(install);
    // keeps the organization's pool open, as traffic would
    assertThat(http.get("/api/v1/orgs/gauged/audit", admin).status()).isEqualTo(200);
    Eventually.until(WITHIN, () -> value(install) > installBefore && value(tenant) > 0);
    String body = http.get("/metrics", null).body();
    assertThat(body)
        .contains("palisade_database_latency_seconds_bucket{database=\"install\",le=\"0.005\"}");
    assertThat(body).doesNotContain("gauged");
    Http.Response detailed = http.get("/api/health/detailed", admin);
    assertThat(detailed.json().at("/checks/0/name").asText()).isEqualTo("install-database");
    assertThat(detailed.json().at("/checks/1/name").asText()).isEqualTo("tenant-database");
    assertThat(detailed.json().at("/checks/1/up").asBoolean()).isTrue();
    assertThat(http.get("/api/health/ready", null).body()).doesNotContain("tenant-database");
  }

  @Test
  void countsKeyringVersionsByScopeTypeAndSeesARotation() throws Exception {
    String org = "palisade_key_versions{scope_type=\"org\"}";
    // the first count may have run before the organization existed: wait for one that sees it
    long before = server.db().countIn(orgDatabase(), "select count(*) from keyring_versions");
    assertThat(before).isPositive();
    Eventually.until(WITHIN, () -> value(org) == before);
    assertThat(value("palisade_key_versions{scope_type=\"install\"}")).isGreaterThanOrEqualTo(0);
    assertThat(http.post("/api/v1/orgs/gauged/keys/rotate", "{}", admin).status()).isEqualTo(200);
    Eventually.until(WITHIN, () -> value(org) == before + 1);
  }

  @Test
  void recordsTheTimeOfEachVerificationResultAndCountsBrokenChains() throws Exception {
    assertThat(http.post("/api/v1/install/audit/verify", "{}", admin).status()).isEqualTo(200);
    assertThat(value("palisade_audit_verification_last_timestamp_seconds{result=\"intact\"}"))
        .isCloseTo(
            server.clock().instant().getEpochSecond(), org.assertj.core.data.Offset.offset(5.0));
    assertThat(value("palisade_audit_chains_broken")).isZero();
    server.member(admin, "gauged", "tampered@example.com", "admin");
    try (Connection c = server.db().connect(server.db().tenantPrefix() + "gauged");
        Statement st = c.createStatement()) {
      assertThat(st.executeUpdate("update audit_entries set actor_id = 'x' where sequence = 1"))
          .isEqualTo(1);
    }
    Http.Response broken = http.post("/api/v1/orgs/gauged/audit/verify", "{}", admin);
    assertThat(broken.json().get("status").asText()).isEqualTo("broken");
    assertThat(value("palisade_audit_chains_broken")).isEqualTo(1);
    assertThat(value("palisade_audit_verification_last_timestamp_seconds{result=\"broken\"}"))
        .isPositive();
    assertThat(http.get("/metrics", null).body()).doesNotContain("gauged");
  }

  @Test
  void detailedHealthShowsTheInstallKeyProviderAsItsLastVerificationLeftIt() {
    String member = server.member(admin, "gauged", "viewer@example.com", "admin");
    assertThat(http.get("/api/health/detailed", member).status()).isEqualTo(403);
    assertThat(http.get("/api/health/ready", null).body()).doesNotContain("keyProvider");
    Http.Response run = http.post("/api/v1/install/jobs/key-provider-verification/run", "", admin);
    assertThat(run.status()).as(run.body()).isEqualTo(200);
    Http.Response detailed = http.get("/api/health/detailed", admin);
    assertThat(detailed.status()).isEqualTo(200);
    var provider = detailed.json().get("keyProvider");
    assertThat(provider.get("type").asText()).isEqualTo("local");
    assertThat(provider.get("state").asText()).isEqualTo("verified");
    assertThat(provider.get("lastVerifiedAt").asText()).endsWith("Z");
    assertThat(provider.get("latencyMillis").isNumber()).isTrue();
    assertThat(provider.get("detail").asText()).isEqualTo("round trip ok");
    assertThat(provider.has("lastFailureAt")).isFalse();
    assertThat(detailed.body()).doesNotContain(server.home().toString());
  }
}
