package dev.palisade.keys.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * An organization's KMS key reached through a role it names: STS ({@link StsProtocolStub}) on
 * loopback, which this install allows, and a KMS ({@link KmsProtocolStub}) that takes only the
 * temporary credentials STS issued. The server's clock is the stubs' clock, so expiry and renewal
 * are tested by moving it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationAssumedRoleIT {
  private static final String ORG_KEY = "AKIAORGANIZATION0001";
  private static final String ORG_SECRET = "planted/org+secret/Qm31Xc9vB2nL7kJ4hG6fD8sA0pO5iU";
  static final String INSTALL_KEY = "AKIAINSTALLPRINCIPAL";
  static final String INSTALL_SECRET = "planted/install+secret/Lw82Nd4kP0sQ7r";
  private static final String EXTERNAL_ID = "acme-agreed-id-5f0c9e";
  private static final String ALIAS = "alias/acme";

  private TestServer server;
  private Http http;
  private StsProtocolStub sts;
  private StsProtocolStub lateSts;
  private KmsProtocolStub kms;

  @BeforeAll
  void start() throws Exception {
    server = allowingTheInstallToAssumeRoles();
    http = server.http();
    server.installAdmin();
    sts = StsProtocolStub.start(server.clock());
    lateSts = StsProtocolStub.start(server.clock());
    for (StsProtocolStub s : List.of(sts, lateSts)) {
      s.principal(ORG_KEY, ORG_SECRET);
      s.principal(INSTALL_KEY, INSTALL_SECRET);
    }
    kms = KmsProtocolStub.acceptingOnly(sts, lateSts);
    kms.alias(ALIAS, kms.createKey());
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    kms.close();
    sts.close();
    lateSts.close();
  }

  /**
   * A server that allows loopback (the stubs) and lets its own credentials, {@link #INSTALL_KEY},
   * assume organizations' roles.
   */
  static TestServer allowingTheInstallToAssumeRoles() {
    return TestServer.start(
        Map.of(
            "palisade.net.allow",
            "127.0.0.1/32",
            "palisade.keys.organization-awskms-assume-role",
            true),
        new InstallAwsCredentials(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(INSTALL_KEY, INSTALL_SECRET))));
  }

  private static String role(String slug) {
    return "arn:aws:iam::111122223333:role/palisade/" + slug + "-kms";
  }

  /** Creates {@code slug} and returns its id; the admin is {@code keys@<slug>.example}. */
  private String org(String slug) {
    String admin = installAdmin();
    String id = server.createOrg(admin, slug);
    server.member(admin, slug, "keys@" + slug + ".example", "admin");
    return id;
  }

  /** A fresh token of the install admin: moving the clock expires older ones. */
  private String installAdmin() {
    return server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
  }

  /** A fresh token of the organization's admin: moving the clock expires older ones. */
  private String orgAdmin(String slug) {
    return server.login("keys@" + slug + ".example", TestServer.PASSWORD, slug);
  }

  private Map<String, Object> settings(StsProtocolStub through, String slug) {
    Map<String, Object> s = new HashMap<>();
    s.put("keyId", ALIAS);
    s.put("region", KmsProtocolStub.REGION);
    s.put("endpoint", kms.endpoint());
    s.put("stsEndpoint", through.endpoint());
    s.put("roleArn", role(slug));
    return s;
  }

  private Map<String, Object> withKeys(Map<String, Object> s, String externalId) {
    s.put("accessKeyId", ORG_KEY);
    s.put("secretAccessKey", ORG_SECRET);
    s.put("externalId", externalId);
    return s;
  }

  private Http.Response put(String slug, Map<String, Object> settings) {
    return http.send(
        "PUT",
        "/api/v1/orgs/" + slug + "/keys/provider",
        Http.json("type", "awskms", "settings", settings),
        orgAdmin(slug),
        Map.of());
  }

  private List<StsProtocolStub.Call> callsFor(StsProtocolStub s, String slug) {
    return s.calls().stream().filter(c -> role(slug).equals(c.form().get("RoleArn"))).toList();
  }

  private void refusedWithNothingWritten(Http.Response r, String slug, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("field").asText()).isEqualTo(field);
    assertThat(
            http.get("/api/v1/orgs/" + slug + "/keys", orgAdmin(slug))
                .json()
                .get("selfManaged")
                .asBoolean())
        .isFalse();
  }

  private void holdsNoSecret(String body) {
    assertThat(body).doesNotContain(ORG_SECRET).doesNotContain(INSTALL_SECRET);
    for (StsProtocolStub s : List.of(sts, lateSts)) {
      for (StsProtocolStub.Issued i : s.issued()) {
        assertThat(body).doesNotContain(i.secret()).doesNotContain(i.token());
      }
    }
  }

  @Test
  void theOrganizationsKeysAssumeItsRoleAndKmsSeesOnlyTheRolesCredentials() {
    String id = org("acme");
    sts.role(role("acme"), ORG_KEY, EXTERNAL_ID);
    Http.Response moved = put("acme", withKeys(settings(sts, "acme"), EXTERNAL_ID));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);

    StsProtocolStub.Call call = callsFor(sts, "acme").get(0);
    assertThat(call.signedBy()).isEqualTo(ORG_KEY);
    assertThat(call.form())
        .containsEntry("Action", "AssumeRole")
        .containsEntry("RoleSessionName", "palisade-" + id)
        .containsEntry("ExternalId", EXTERNAL_ID)
        .containsEntry("DurationSeconds", "3600");
    Http.Response rotated = http.post("/api/v1/orgs/acme/keys/rotate", "{}", orgAdmin("acme"));
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    assertThat(kms.signers()).isNotEmpty().doesNotContain(ORG_KEY, INSTALL_KEY);

    Http.Response keys = http.get("/api/v1/orgs/acme/keys", orgAdmin("acme"));
    assertThat(keys.json().at("/provider/settings/roleArn").asText()).isEqualTo(role("acme"));
    assertThat(keys.json().at("/provider/settings/externalId").asText()).isEqualTo("***");
    assertThat(keys.json().at("/provider/settings/credentials").asText())
        .isEqualTo("role assumed with static keys");
    String audit = http.get("/api/v1/orgs/acme/audit?limit=50", orgAdmin("acme")).body();
    for (String body : new String[] {moved.body(), rotated.body(), keys.body(), audit}) {
      holdsNoSecret(body);
      assertThat(body).doesNotContain(EXTERNAL_ID);
    }
  }

  @Test
  void assumedCredentialsAreRenewedBeforeTheyExpire() {
    org("renew");
    sts.role(role("renew"), ORG_KEY, EXTERNAL_ID);
    assertThat(put("renew", withKeys(settings(sts, "renew"), EXTERNAL_ID)).status()).isEqualTo(200);
    assertThat(http.post("/api/v1/orgs/renew/keys/rotate", "{}", orgAdmin("renew")).status())
        .isEqualTo(200);
    int assumed = callsFor(sts, "renew").size();

    server.clock().advance(Duration.ofMinutes(56));
    assertThat(http.post("/api/v1/orgs/renew/keys/rotate", "{}", orgAdmin("renew")).status())
        .isEqualTo(200);
    assertThat(callsFor(sts, "renew"))
        .as("renewed five minutes before expiry")
        .hasSize(assumed + 1);

    server.clock().advance(Duration.ofMinutes(10));
    Http.Response after = http.post("/api/v1/orgs/renew/keys/rotate", "{}", orgAdmin("renew"));
    assertThat(after.status()).as("past the first credentials' expiry").isEqualTo(200);
    assertThat(callsFor(sts, "renew")).hasSize(assumed + 1);
  }

  @Test
  void aWrongExternalIdIsA422NamingTheRoleAndWritesNothing() {
    org("beta");
    sts.role(role("beta"), ORG_KEY, "beta-agreed-id");
    Http.Response r = put("beta", withKeys(settings(sts, "beta"), "not-the-agreed-id"));
    refusedWithNothingWritten(r, "beta", "settings.roleArn");
    assertThat(r.json().get("detail").asText())
        .contains("AccessDenied")
        .contains("settings.externalId")
        .doesNotContain("not-the-agreed-id");
    holdsNoSecret(r.body());
  }

  @Test
  void theInstallsCredentialsAssumeTheRoleWithTheOrganizationsIdAsExternalId() {
    String id = org("gamma");
    sts.role(role("gamma"), INSTALL_KEY, id);
    Map<String, Object> other = settings(sts, "gamma");
    other.put("externalId", "chosen-by-the-admin");
    refusedWithNothingWritten(put("gamma", other), "gamma", "settings.externalId");

    Http.Response moved = put("gamma", settings(sts, "gamma"));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(callsFor(sts, "gamma"))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.signedBy()).isEqualTo(INSTALL_KEY);
              assertThat(c.form()).containsEntry("ExternalId", id);
            });
    JsonNode provider = moved.json().get("provider");
    assertThat(provider.at("/settings/externalId").asText()).isEqualTo(id);
    assertThat(provider.at("/settings/credentials").asText())
        .isEqualTo("role assumed with the install's credentials");
    assertThat(kms.signers()).doesNotContain(INSTALL_KEY);
    holdsNoSecret(moved.body());
  }

  @Test
  void anOrganizationCannotAssumeAnotherOrganizationsRoleWithTheInstallsCredentials() {
    String victim = org("victim");
    org("mallory");
    sts.role(role("victim"), INSTALL_KEY, victim);
    Map<String, Object> s = settings(sts, "mallory");
    s.put("roleArn", role("victim"));
    Http.Response r = put("mallory", s);
    refusedWithNothingWritten(r, "mallory", "settings.roleArn");
    assertThat(r.json().get("detail").asText()).contains("AccessDenied");
  }

  @Test
  void anStsEndpointOnAPrivateAddressIsRefusedAndCounted() {
    org("priv");
    Map<String, Object> s = withKeys(settings(sts, "priv"), EXTERNAL_ID);
    s.put("stsEndpoint", "http://10.20.30.40:4566");
    refusedWithNothingWritten(put("priv", s), "priv", "settings.stsEndpoint");
    JsonNode event =
        http.get("/api/v1/install/security-events?type=outboundBlocked", installAdmin())
            .json()
            .at("/items/0");
    assertThat(event.at("/context/client").asText()).isEqualTo("awssts");
    assertThat(event.at("/context/host").asText()).isEqualTo("10.20.30.40");
  }

  @Test
  void anStsThatStopsAnsweringFailsClosedWithAnEventOnceTheCredentialsExpire() {
    org("late");
    lateSts.role(role("late"), ORG_KEY, EXTERNAL_ID);
    assertThat(put("late", withKeys(settings(lateSts, "late"), EXTERNAL_ID)).status())
        .isEqualTo(200);
    assertThat(http.post("/api/v1/orgs/late/keys/rotate", "{}", orgAdmin("late")).status())
        .isEqualTo(200);
    lateSts.close();
    server.clock().advance(Duration.ofMinutes(61));

    // the organization's own sign-in is audited under its keys, so it fails closed too
    String installAdmin = installAdmin();
    Http.Response r = http.post("/api/v1/orgs/late/keys/rotate", "{}", installAdmin);
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(r.json().get("code").asText()).isEqualTo("dependency-unavailable");
    assertThat(r.json().get("detail").asText()).contains("AWS STS did not answer AssumeRole");
    Http.Response events =
        http.get("/api/v1/install/security-events?type=keyProviderUnavailable", installAdmin);
    JsonNode raised = null;
    for (JsonNode e : events.json().get("items")) {
      if (e.at("/reason").asText().contains("AWS STS")) {
        raised = e;
      }
    }
    assertThat(raised).as(events.body()).isNotNull();
    assertThat(raised.at("/reason").asText())
        .isEqualTo("awskms key provider failed: AWS STS did not answer AssumeRole");
    holdsNoSecret(events.body());
  }
}
