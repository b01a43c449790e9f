package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.keys.awskms.StsProtocolStub;
import dev.palisade.keys.vault.VaultTransitProtocolStub;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What an organization admin may point the organization's keyring at, on an install whose own key
 * is in Vault (the Transit protocol stub on loopback, which the install allows explicitly): never
 * the server's own network, credentials or provider, and nothing of the install's provider shown.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationKeyProviderLimitsIT {
  private static final String INSTALL_TOKEN = "hvs.install-token-8812";
  private static final String INSTALL_KEY = "install-kek-label-3391";
  private TestServer server;
  private Http http;
  private String admin;
  private String orgAdmin;
  private VaultTransitProtocolStub vault;

  @BeforeAll
  void start() throws Exception {
    vault = VaultTransitProtocolStub.start(INSTALL_TOKEN);
    vault.createKey(INSTALL_KEY);
    server =
        TestServer.start(
            Map.of(
                "palisade.keys.provider",
                "vault",
                "palisade.keys.vault.address",
                vault.address(),
                "palisade.keys.vault.token",
                INSTALL_TOKEN,
                "palisade.keys.vault.key-name",
                INSTALL_KEY,
                "palisade.net.allow",
                "127.0.0.1/32"));
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "acme");
    orgAdmin = server.member(admin, "acme", "keys@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    vault.close();
  }

  private Http.Response put(String type, Map<String, Object> settings) {
    return http.send(
        "PUT",
        "/api/v1/orgs/acme/keys/provider",
        Http.json("type", type, "settings", settings),
        orgAdmin,
        Map.of());
  }

  private void refusedNamingTheFieldWithNothingWritten(Http.Response r, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("field").asText()).isEqualTo(field);
    assertThat(http.get("/api/v1/orgs/acme/keys", orgAdmin).json().get("selfManaged").asBoolean())
        .isFalse();
  }

  @Test
  void aVaultAtTheCloudMetadataAddressIsRefusedCountedAndRaised() {
    Http.Response r =
        put("vault", Map.of("address", "http://169.254.169.254/", "token", "t", "keyName", "k"));
    refusedNamingTheFieldWithNothingWritten(r, "settings.address");

    JsonNode events =
        http.get("/api/v1/install/security-events?type=outboundBlocked", admin).json();
    JsonNode event = events.at("/items/0");
    assertThat(event.get("severity").asText()).isEqualTo("high");
    assertThat(event.at("/context/client").asText()).isEqualTo("vault");
    assertThat(event.at("/context/host").asText()).isEqualTo("169.254.169.254");
    assertThat(event.at("/context/reason").asText()).isEqualTo("metadata");
    assertThat(http.get("/metrics", null).body())
        .containsPattern("(?m)^palisade_outbound_blocked_total\\{client=\"vault\",?\\} [1-9]");
  }

  @Test
  void aVaultOnTheServersOwnLoopbackUnderAnotherSpellingIsRefused() {
    String port = vault.address().substring(vault.address().lastIndexOf(':') + 1);
    Http.Response r =
        put(
            "vault",
            Map.of("address", "http://[::ffff:127.0.0.2]:" + port, "token", "t", "keyName", "k"));
    refusedNamingTheFieldWithNothingWritten(r, "settings.address");
  }

  @Test
  void pkcs11IsNotOfferedToOrganizationsUnlessTheInstallSaysSo() {
    Http.Response r = put("pkcs11", Map.of("library", "/tmp/libanything.so", "pin", "1234"));
    refusedNamingTheFieldWithNothingWritten(r, "type");
    assertThat(r.json().get("detail").asText())
        .isEqualTo("type: must be one of install, awskms, vault");
  }

  @Test
  void awsKmsWithoutTheOrganizationsOwnCredentialsIsRefused() {
    Http.Response r = put("awskms", Map.of("keyId", "alias/acme", "region", "eu-west-1"));
    refusedNamingTheFieldWithNothingWritten(r, "settings.accessKeyId");
  }

  @Test
  void awsKmsRoleAssumedWithTheInstallsCredentialsIsRefusedWhenTheInstallDoesNotAllowIt()
      throws Exception {
    try (StsProtocolStub sts = StsProtocolStub.start(server.clock())) {
      Http.Response r =
          put(
              "awskms",
              Map.of(
                  "keyId", "alias/acme",
                  "region", "eu-west-1",
                  "roleArn", "arn:aws:iam::111122223333:role/acme-kms",
                  "stsEndpoint", sts.endpoint()));
      refusedNamingTheFieldWithNothingWritten(r, "settings.roleArn");
      assertThat(r.json().get("detail").asText())
          .contains("palisade.keys.organization-awskms-assume-role");
      assertThat(sts.calls()).isEmpty();
    }
  }

  @Test
  void awsKmsAtAPrivateEndpointIsRefused() {
    Http.Response r =
        put(
            "awskms",
            Map.of(
                "keyId", "alias/acme",
                "region", "eu-west-1",
                "endpoint", "http://10.20.30.40:4566",
                "accessKeyId", "AKIAORGOWNKEY0000001",
                "secretAccessKey", "org-secret"));
    refusedNamingTheFieldWithNothingWritten(r, "settings.endpoint");
  }

  @Test
  void anOrganizationOnTheInstallProviderSeesItOnlyAsInstall() {
    Http.Response keys = http.get("/api/v1/orgs/acme/keys", orgAdmin);
    assertThat(keys.status()).as(keys.body()).isEqualTo(200);
    assertThat(keys.json().at("/provider/type").asText()).isEqualTo("install");
    assertThat(keys.json().at("/versions/0/provider").asText()).isEqualTo("install");
    Http.Response verify = http.post("/api/v1/orgs/acme/keys/verify", "{}", orgAdmin);
    assertThat(verify.json().get("ok").asBoolean()).isTrue();
    Http.Response rotate = http.post("/api/v1/orgs/acme/keys/rotate", "{}", orgAdmin);
    assertThat(rotate.status()).isEqualTo(200);
    String audit = http.get("/api/v1/orgs/acme/audit?limit=50", orgAdmin).body();
    for (String body : new String[] {keys.body(), verify.body(), rotate.body(), audit}) {
      assertThat(body)
          .doesNotContain(vault.address())
          .doesNotContain("127.0.0.1")
          .doesNotContain(INSTALL_KEY)
          .doesNotContain("transit");
    }
  }

  @Test
  void aFailureOfTheInstallProviderIsTheInstallsEventNotTheOrganizations() {
    assertThat(http.get("/api/v1/orgs/acme/keys", orgAdmin).status()).isEqualTo(200);
    vault.seal();
    try {
      Http.Response verify = http.post("/api/v1/orgs/acme/keys/verify", "{}", orgAdmin);
      assertThat(verify.body()).doesNotContain(INSTALL_KEY).doesNotContain(vault.address());
      JsonNode installEvents = http.get("/api/v1/install/security-events", admin).json();
      boolean raised = false;
      for (JsonNode e : installEvents.get("items")) {
        if (e.get("type").asText().startsWith("keyProvider")) {
          assertThat(e.get("org").asText()).as(e.toString()).isEqualTo("install");
          raised = true;
        }
      }
      assertThat(raised).as(installEvents.toString()).isTrue();
      String orgEvents = http.get("/api/v1/orgs/acme/security-events", orgAdmin).body();
      assertThat(orgEvents)
          .doesNotContain(INSTALL_KEY)
          .doesNotContain(vault.address())
          .doesNotContain("keyProvider");
    } finally {
      vault.unseal();
    }
  }
}
