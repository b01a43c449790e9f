package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.Promtool;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LicenseImportIT {
  private static final String PATH = "/api/v1/install/license";

  private final TestVendor vendor = new TestVendor();
  private final TestVendor stranger = new TestVendor();
  private TestServer server;
  private Http http;
  private String admin;
  private UUID installId;
  private String imported;

  @BeforeAll
  void start() {
    server = vendor.trustingServer();
    http = server.http();
    admin = server.installAdmin();
    installId = TestVendor.installId(server);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private Http.Response put(String body) {
    return http.send("PUT", PATH, body, admin, Map.of());
  }

  private long written() throws Exception {
    return server.db().count("select count(*) from licenses")
        + server.db().count("select count(*) from audit_entries")
        + server.db().count("select count(*) from operation_evidence")
        + server.db().count("select count(*) from org_entitlements");
  }

  private void refused(String body, int status, String field, String what) throws Exception {
    long before = written();
    Http.Response r = put(body);
    assertThat(r.status()).as(what + ": " + r.body()).isEqualTo(status);
    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
    if (field != null) {
      assertThat(r.json().path("field").asText()).as(what + ": " + r.body()).isEqualTo(field);
    }
    assertThat(written()).as(what + " wrote nothing").isEqualTo(before);
    assertThat(http.get(PATH, admin).json().get("state").asText())
        .as(what)
        .isIn("evaluation", "valid");
  }

  @Test
  @Order(1)
  void anInstallWithoutALicenseIsInEvaluationWithItsLimits() {
    Http.Response r = http.get(PATH, admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode s = r.json();
    assertThat(s.get("state").asText()).isEqualTo("evaluation");
    assertThat(s.get("usable").asBoolean()).isTrue();
    assertThat(s.get("licenseId").isNull()).isTrue();
    assertThat(s.get("installId").asText()).isEqualTo(installId.toString());
    assertThat(s.at("/limits/maxOrganizations").asInt()).isEqualTo(25);
    assertThat(s.at("/usage/organizations").asInt()).isZero();
    assertThat(s.get("connected").asBoolean()).isFalse();
  }

  @Test
  @Order(2)
  void badLicensesAreRefusedNamingTheFieldAndWriteNothing() throws Exception {
    Map<String, Object> good = TestVendor.license(installId, "LIC-1");
    Map<String, Object> envelope = new LinkedHashMap<>(vendor.envelope(good));
    envelope.put(
        "license", ((String) envelope.get("license")).replace("Example Corp", "Evil Corp"));
    refused(TestVendor.json(envelope), 422, "signature", "edited document");
    refused(stranger.signed(good), 422, "keyId", "unknown vendor key");
    refused(
        vendor.signed(TestVendor.license(UUID.randomUUID(), "LIC-1")),
        422,
        "license.installId",
        "another install");
    refused(
        vendor.signed(TestVendor.expiring(good, Instant.now().minus(Duration.ofDays(20)), 14)),
        422,
        "license.expiresAt",
        "expired beyond grace");
    Map<String, Object> noCustomer = new LinkedHashMap<>(good);
    noCustomer.remove("customer");
    refused(vendor.signed(noCustomer), 422, "license.customer", "no customer");
    refused("{\"license\": ", 400, null, "not JSON");
    refused("{}", 422, "license", "empty envelope");
    Http.Response anonymous = http.send("PUT", PATH, vendor.signed(good), null, Map.of());
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(server.db().count("select count(*) from licenses")).isZero();
  }

  @Test
  @Order(3)
  void aGoodLicenseIsStoredAuditedAndReceipted() throws Exception {
    String org = server.createOrg(admin, "import-a");
    Map<String, Object> doc = TestVendor.license(installId, "LIC-1");
    doc.put("organizations", Map.of(org, Map.of("features", List.of("byok"))));
    imported = vendor.signed(doc);
    Http.Response r = put(imported);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode s = r.json();
    assertThat(s.get("state").asText()).isEqualTo("valid");
    assertThat(s.get("licenseId").asText()).isEqualTo("LIC-1");
    assertThat(s.get("customer").asText()).isEqualTo("Example Corp");
    assertThat(s.get("installId").asText()).isEqualTo(installId.toString());
    assertThat(s.get("keyId").asText()).isEqualTo(vendor.keyId());
    assertThat(s.get("source").asText()).isEqualTo("import");
    assertThat(s.at("/limits/maxOrganizations").asInt()).isEqualTo(10);
    assertThat(s.at("/usage/organizations").asInt()).isEqualTo(1);
    assertThat(s.get("gracePeriod").asText()).isEqualTo("PT336H");
    assertThat(server.db().count("select count(*) from licenses where superseded_at is null"))
        .isEqualTo(1);
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from audit_entries where action = 'license.imported' and subject_id = 'LIC-1'"))
        .isEqualTo(1);
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from operation_evidence where operation = 'license.import' and subject = 'LIC-1' and outcome = 'succeeded'"))
        .isEqualTo(1);
    JsonNode ent = http.get("/api/v1/orgs/import-a/entitlements", admin).json();
    assertThat(ent.get("licenseId").asText()).isEqualTo("LIC-1");
    assertThat(ent.get("features").toString()).isEqualTo("[\"byok\",\"sso\"]");
    assertThat(ent.get("maxMembers").asInt()).isEqualTo(50);
  }

  @Test
  @Order(4)
  void reimportingTheSameLicenseChangesNothingAndAnOlderOneIsRefused() throws Exception {
    long before = written();
    Http.Response same = put(imported);
    assertThat(same.status()).as(same.body()).isEqualTo(200);
    assertThat(same.json().get("licenseId").asText()).isEqualTo("LIC-1");
    assertThat(written()).isEqualTo(before);
    Map<String, Object> older = TestVendor.license(installId, "LIC-0");
    older.put("issuedAt", Instant.now().minus(Duration.ofDays(30)).toString());
    refused(vendor.signed(older), 422, "license.issuedAt", "older than current");
  }

  @Test
  @Order(5)
  void aNewerLicenseReplacesTheCurrentOneAndHistoryIsKept() throws Exception {
    Map<String, Object> doc = TestVendor.license(installId, "LIC-2");
    doc.put(
        "issuedAt", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    Http.Response r = put(vendor.signed(doc));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("licenseId").asText()).isEqualTo("LIC-2");
    assertThat(server.db().count("select count(*) from licenses")).isEqualTo(2);
    assertThat(
            server
                .db()
                .count(
                    "select count(*) from licenses where superseded_at is null and license_id = 'LIC-2'"))
        .isEqualTo(1);
    JsonNode ent = http.get("/api/v1/orgs/import-a/entitlements", admin).json();
    assertThat(ent.get("features").toString()).isEqualTo("[\"sso\"]");
  }

  @Test
  @Order(6)
  void metricsShowTheLicenseAndPassPromtool() throws Exception {
    server.clock().advance(Duration.ofSeconds(6)); // past the metrics snapshot's age
    String scrape = http.get("/metrics", null).body();
    assertThat(scrape).contains("palisade_license_valid 1.0");
    assertThat(scrape).contains("palisade_license_state{state=\"valid\"} 1.0");
    assertThat(scrape).contains("palisade_license_state{state=\"expired\"} 0.0");
    assertThat(scrape).contains("palisade_license_organizations_limit 10.0");
    assertThat(scrape).contains("palisade_license_organizations_used 1.0");
    double expiresIn =
        Double.parseDouble(
            scrape
                .lines()
                .filter(l -> l.startsWith("palisade_license_expires_in_seconds "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
    assertThat(expiresIn).isBetween(364 * 86400.0, 365 * 86400.0);
    assertThat(Promtool.check(scrape)).isEqualTo("0:");
  }
}
