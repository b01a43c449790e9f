package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The organization limit, and the states a license goes through as time passes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LicenseLimitsAndLapseIT {
  private static final String PATH = "/api/v1/install/license";

  private final TestVendor vendor = new TestVendor();
  private TestServer server;
  private Http http;
  private String admin;
  private UUID installId;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            Map.of(
                "palisade.license.vendor-public-keys",
                List.of(vendor.publicKeyBase64()),
                "palisade.license.evaluation-max-organizations",
                2));
    http = server.http();
    admin = server.installAdmin();
    installId = server.context().getBean(dev.palisade.tenancy.InstallId.class).value();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private JsonNode importLicense(Map<String, Object> doc) {
    Http.Response r = http.send("PUT", PATH, vendor.signed(doc), admin, Map.of());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private Http.Response createOrg(String slug) {
    return http.post("/api/v1/orgs", Http.json("slug", slug, "name", "Org " + slug), admin);
  }

  private long count(String sql) throws Exception {
    return server.db().count(sql);
  }

  private void refusedWithNothingWritten(String slug, String code, String detail) throws Exception {
    long orgs = count("select count(*) from organizations");
    int databases = server.db().tenantDatabases().size();
    long events = count("select count(*) from security_events where type = 'licenseLimitReached'");
    Http.Response r = createOrg(slug);
    assertThat(r.status()).as(r.body()).isEqualTo(403);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asText()).isEqualTo(code);
    assertThat(r.json().get("detail").asText()).contains(detail);
    assertThat(count("select count(*) from organizations")).isEqualTo(orgs);
    assertThat(server.db().tenantDatabases()).hasSize(databases);
    assertThat(count("select count(*) from security_events where type = 'licenseLimitReached'"))
        .isEqualTo(events + 1);
  }

  private String state() {
    return http.get(PATH, admin).json().get("state").asText();
  }

  @Test
  @Order(1)
  void theEvaluationLimitRefusesOneOrganizationTooMany() throws Exception {
    assertThat(createOrg("limit-a").status()).isEqualTo(201);
    assertThat(createOrg("limit-b").status()).isEqualTo(201);
    refusedWithNothingWritten(
        "limit-c", "license-limit", "at most 2 organizations (maxOrganizations)");
    JsonNode ent = http.get("/api/v1/orgs/limit-a/entitlements", admin).json();
    assertThat(ent.get("licenseId").isNull()).isTrue();
    assertThat(ent.get("features").size()).isZero();
  }

  @Test
  @Order(2)
  void aLicenseInItsGracePeriodStillAllowsOrganizationsUpToItsLimit() throws Exception {
    Map<String, Object> doc = TestVendor.license(installId, "LIC-GRACE");
    doc.put("issuedAt", Instant.now().minus(Duration.ofDays(20)).toString());
    doc.put("expiresAt", Instant.now().minus(Duration.ofDays(1)).toString());
    doc.put("gracePeriod", 7);
    doc.put("limits", Map.of("maxOrganizations", 3));
    JsonNode s = importLicense(doc);
    assertThat(s.get("state").asText()).isEqualTo("grace");
    assertThat(s.get("usable").asBoolean()).isTrue();
    assertThat(createOrg("limit-c").status()).isEqualTo(201);
    refusedWithNothingWritten("limit-d", "license-limit", "the license allows at most 3");
    assertThat(
            count(
                "select count(*) from security_events where type = 'licenseStateChanged'"
                    + " and context like '%\"to\":\"grace\"%'"))
        .isEqualTo(1);
  }

  @Test
  @Order(3)
  void aLicenseCloseToItsExpiryIsExpiring() {
    Map<String, Object> doc =
        TestVendor.expiring(
            TestVendor.license(installId, "LIC-SOON"), Instant.now().plus(Duration.ofDays(10)), 0);
    assertThat(importLicense(doc).get("state").asText()).isEqualTo("expiring");
  }

  @Test
  @Order(4)
  void aLapsedLicenseStopsOrganizationCreationOpensAnIncidentAndLeavesReadsWorking()
      throws Exception {
    Map<String, Object> doc =
        TestVendor.expiring(
            TestVendor.license(installId, "LIC-SHORT"), Instant.now().plus(Duration.ofDays(1)), 0);
    assertThat(importLicense(doc).get("state").asText()).isEqualTo("expiring");
    server.clock().advance(Duration.ofDays(2));
    JsonNode s = http.get(PATH, admin).json();
    assertThat(s.get("state").asText()).isEqualTo("expired");
    assertThat(s.get("usable").asBoolean()).isFalse();
    assertThat(
            count(
                "select count(*) from incidents where kind = 'licenseInvalid'"
                    + " and subject = 'license' and resolved_at is null"))
        .isEqualTo(1);
    assertThat(count("select count(*) from security_events where type = 'licenseInvalid'"))
        .isEqualTo(1);
    assertThat(
            count(
                "select count(*) from audit_entries where action = 'license.state_changed'"
                    + " and public_metadata like '%\"to\":\"expired\"%'"))
        .isEqualTo(1);
    refusedWithNothingWritten("limit-d", "license-inactive", "the license is expired");
    assertThat(http.get("/api/v1/orgs", admin).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/orgs/limit-a/members", admin).status()).isEqualTo(200);
    assertThat(http.get("/api/v1/install/audit", admin).status()).isEqualTo(200);
    assertThat(http.get("/api/health/ready", null).status()).isEqualTo(200);
    String scrape = http.get("/metrics", null).body();
    assertThat(scrape).contains("palisade_license_valid 0.0");
    assertThat(scrape).contains("palisade_license_state{state=\"expired\"} 1.0");
  }

  @Test
  @Order(5)
  void aGoodLicenseResolvesTheIncident() throws Exception {
    Map<String, Object> doc = TestVendor.license(installId, "LIC-RENEWED");
    doc.put("issuedAt", Instant.now().toString());
    assertThat(importLicense(doc).get("state").asText()).isEqualTo("valid");
    assertThat(
            count(
                "select count(*) from incidents where kind = 'licenseInvalid'"
                    + " and resolved_at is null"))
        .isZero();
    assertThat(count("select count(*) from incidents where kind = 'licenseInvalid'")).isEqualTo(1);
    assertThat(createOrg("limit-d").status()).isEqualTo(201);
  }

  @Test
  @Order(6)
  void aStoredLicenseWhoseVendorKeyIsRemovedIsInvalid() throws Exception {
    server.stop();
    TestVendor other = new TestVendor();
    try (TestServer restarted =
        TestServer.restart(
            server.db(),
            server.home(),
            Map.of("palisade.license.vendor-public-keys", List.of(other.publicKeyBase64())))) {
      String token = restarted.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
      JsonNode s = restarted.http().get(PATH, token).json();
      assertThat(s.get("state").asText()).isEqualTo("invalid");
      assertThat(s.get("problem").asText()).contains("vendor key " + vendor.keyId());
      assertThat(s.get("licenseId").asText()).isEqualTo("LIC-RENEWED");
      assertThat(
              count(
                  "select count(*) from incidents where kind = 'licenseInvalid'"
                      + " and resolved_at is null"))
          .isEqualTo(1);
      Http.Response r =
          restarted.http().post("/api/v1/orgs", Http.json("slug", "limit-e", "name", "E"), token);
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.json().get("code").asText()).isEqualTo("license-inactive");
    }
  }
}
