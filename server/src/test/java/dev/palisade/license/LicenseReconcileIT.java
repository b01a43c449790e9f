package dev.palisade.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.jobs.JobResult;
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

/** A connected install against a control plane over HTTPS with a private CA. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LicenseReconcileIT {
  private static final String TOKEN = "cp-token-7f3a9c1e5b";

  private final TestVendor vendor = new TestVendor();
  private ControlPlaneStub plane;
  private TestServer server;
  private Http http;
  private String admin;
  private UUID installId;

  @BeforeAll
  void start() throws Exception {
    plane = new ControlPlaneStub(vendor);
    server =
        TestServer.start(
            Map.of(
                "palisade.license.vendor-public-keys",
                List.of(vendor.publicKeyBase64()),
                "palisade.license.control-plane.url",
                plane.url(),
                "palisade.license.control-plane.ca-file",
                plane.caFile().toString(),
                "palisade.license.control-plane.token",
                TOKEN,
                "palisade.license.control-plane.timeout",
                "3s",
                "palisade.net.allow",
                "127.0.0.1/32"));
    http = server.http();
    admin = server.installAdmin();
    installId = server.context().getBean(dev.palisade.tenancy.InstallId.class).value();
    server.createOrg(admin, "plane-a");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    plane.close();
  }

  /** Runs the job through the jobs API, as an install admin's "run now" does. */
  private JobResult runJob() {
    Http.Response r =
        http.post("/api/v1/install/jobs/" + "reconcile-license-state" + "/run", null, admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode run = r.json();
    assertThat(run.get("job").asText()).isEqualTo("reconcile-license-state");
    return new JobResult(
        JobResult.Status.valueOf(run.get("status").asText().toUpperCase(java.util.Locale.ROOT)),
        run.get("summary").asText());
  }

  private long count(String sql) throws Exception {
    return server.db().count(sql);
  }

  private JsonNode status() {
    return http.get("/api/v1/install/license", admin).json();
  }

  @Test
  @Order(1)
  void aReconcileFetchesVerifiesStoresAndProjectsTheLicense() throws Exception {
    Map<String, Object> doc = TestVendor.license(installId, "LIC-CP-1");
    String planeA = http.get("/api/v1/orgs/plane-a", admin).json().get("id").asText();
    doc.put("organizations", Map.of(planeA, Map.of("features", List.of("byok"))));
    plane.serve(doc);
    JobResult r = runJob();
    assertThat(r.status()).as(r.summary()).isEqualTo(JobResult.Status.SUCCESS);
    assertThat(r.summary()).contains("LIC-CP-1 refreshed from the control plane");
    assertThat(plane.requests).contains("GET /v1/installs/" + installId + "/license");
    assertThat(plane.authorizations).contains("Bearer " + TOKEN);
    JsonNode s = status();
    assertThat(s.get("state").asText()).isEqualTo("valid");
    assertThat(s.get("connected").asBoolean()).isTrue();
    assertThat(s.get("source").asText()).isEqualTo("control-plane");
    assertThat(s.get("latestVersion").asText()).isEqualTo("9.9.0");
    assertThat(s.at("/lastReconcile/outcome").asText()).isEqualTo("succeeded");
    assertThat(count("select count(*) from audit_entries where action = 'license.refreshed'"))
        .isEqualTo(1);
    assertThat(count("select count(*) from operation_evidence where operation = 'license.refresh'"))
        .isEqualTo(1);
    JsonNode ent = http.get("/api/v1/orgs/plane-a/entitlements", admin).json();
    assertThat(ent.get("features").toString()).isEqualTo("[\"byok\",\"sso\"]");
    assertThat(count("select count(*) from org_entitlements where license_id = 'LIC-CP-1'"))
        .isEqualTo(1);
  }

  @Test
  @Order(2)
  void anUnchangedLicenseIsNotStoredAgainButNewOrganizationsAreProjected() throws Exception {
    plane.latestVersion("9.9.1");
    JobResult r = runJob();
    assertThat(r.status()).isEqualTo(JobResult.Status.SUCCESS);
    assertThat(r.summary()).contains("LIC-CP-1 is current");
    assertThat(count("select count(*) from licenses")).isEqualTo(1);
    assertThat(status().get("latestVersion").asText()).isEqualTo("9.9.1");
    JsonNode ops = http.get("/api/v1/install/operations", admin).json();
    assertThat(ops.at("/version/latest").asText()).isEqualTo("9.9.1");
    assertThat(ops.at("/version/updateAvailable").asBoolean()).isTrue();
    assertThat(ops.at("/license/lastReconcile/outcome").asText()).isEqualTo("succeeded");
  }

  @Test
  @Order(3)
  void eachFailureKeepsTheValidLicenseAndRaisesLicenseRefreshFailed() throws Exception {
    record Case(ControlPlaneStub.Mode mode, boolean down, String reason) {}
    List<Case> cases =
        List.of(
            new Case(ControlPlaneStub.Mode.SERVER_ERROR, false, "control plane answered HTTP 500"),
            new Case(
                ControlPlaneStub.Mode.BAD_SIGNATURE,
                false,
                "license refused (signature does not verify with vendor key "),
            new Case(
                ControlPlaneStub.Mode.OTHER_INSTALL,
                false,
                "license refused (license.installId is"),
            new Case(ControlPlaneStub.Mode.OK, true, "connection refused"));
    for (Case c : cases) {
      plane.mode(c.mode());
      if (c.down()) {
        plane.down();
      }
      long events =
          count("select count(*) from security_events where type = 'licenseRefreshFailed'");
      JobResult r = runJob();
      assertThat(r.status()).as(c.toString()).isEqualTo(JobResult.Status.FAILED);
      assertThat(r.summary()).as(c.toString()).contains(c.reason());
      assertThat(count("select count(*) from security_events where type = 'licenseRefreshFailed'"))
          .as(c.toString())
          .isEqualTo(events + 1);
      JsonNode s = status();
      assertThat(s.get("state").asText()).as(c.toString()).isEqualTo("valid");
      assertThat(s.get("licenseId").asText()).isEqualTo("LIC-CP-1");
      assertThat(s.at("/lastReconcile/outcome").asText()).isEqualTo("failed");
      assertThat(s.at("/lastReconcile/summary").asText()).contains(c.reason());
      if (c.down()) {
        plane.up();
      }
    }
    assertThat(count("select count(*) from licenses")).isEqualTo(1);
    try (var c = server.db().connect();
        var st = c.createStatement();
        var rs =
            st.executeQuery(
                "select reason || ' ' || coalesce(context, '') from security_events"
                    + " where type = 'licenseRefreshFailed'")) {
      while (rs.next()) {
        assertThat(rs.getString(1)).doesNotContain(TOKEN).doesNotContain("hunter2");
      }
    }
  }

  @Test
  @Order(4)
  void aLapsedLicenseOpensTheIncidentAndAGoodOneFromTheControlPlaneResolvesIt() throws Exception {
    plane.serve(
        TestVendor.expiring(
            TestVendor.license(installId, "LIC-CP-SHORT"),
            Instant.now().plus(Duration.ofDays(1)),
            0));
    assertThat(runJob().status()).isEqualTo(JobResult.Status.SUCCESS);
    server.clock().advance(Duration.ofDays(2));
    JobResult lapsed = runJob();
    assertThat(lapsed.status()).isEqualTo(JobResult.Status.FAILED);
    assertThat(lapsed.summary()).contains("state expired");
    assertThat(
            count(
                "select count(*) from incidents where kind = 'licenseInvalid'"
                    + " and subject = 'license' and resolved_at is null"))
        .isEqualTo(1);
    Map<String, Object> renewed = TestVendor.license(installId, "LIC-CP-2");
    renewed.put("issuedAt", Instant.now().toString());
    plane.serve(renewed);
    JobResult r = runJob();
    assertThat(r.status()).as(r.summary()).isEqualTo(JobResult.Status.SUCCESS);
    assertThat(status().get("state").asText()).isEqualTo("valid");
    assertThat(
            count(
                "select count(*) from incidents where kind = 'licenseInvalid'"
                    + " and resolved_at is not null"))
        .isEqualTo(1);
    assertThat(count("select count(*) from incidents where resolved_at is null")).isZero();
  }

  @Test
  @Order(5)
  void theControlPlaneTokenNeverReachesTheLogOrTheApi() throws Exception {
    assertThat(http.get("/api/v1/install/license", admin).body()).doesNotContain(TOKEN);
    assertThat(http.get("/metrics", null).body()).doesNotContain(TOKEN);
    assertThat(server.context().getBean(ControlPlaneConfig.class).toString()).doesNotContain(TOKEN);
  }
}
