package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.keys.vault.VaultTransitProtocolStub;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An organization moves its keyring to its own Vault Transit key (a stub that replays the
 * documented Transit HTTP API; no Vault server can be installed here) and back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfManagedKeysAgainstVaultProtocolStubIT {
  private static final String VAULT_TOKEN = "hvs.planted-vault-token-5511";
  private TestServer server;
  private Http http;
  private String admin;
  private String orgAdmin;
  private VaultTransitProtocolStub vault;

  @BeforeAll
  void start() throws Exception {
    vault = VaultTransitProtocolStub.start(VAULT_TOKEN);
    vault.createKey("acme-kek");
    server = TestServer.start(Map.of("palisade.net.allow", "127.0.0.1/32"));
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

  private String vaultBody(String token) {
    return Http.json(
        "type",
        "vault",
        "settings",
        Map.of("address", vault.address(), "token", token, "keyName", "acme-kek"));
  }

  @Test
  void movesTheKeyringToTheOrganizationsVaultAndBackWithoutTouchingSealedData() throws Exception {
    JsonNode before =
        http.get("/api/v1/orgs/acme/audit?action=member.invited&limit=1", orgAdmin).json();
    String entryId = before.at("/items/0/id").asText();

    Http.Response moved =
        http.send(
            "PUT", "/api/v1/orgs/acme/keys/provider", vaultBody(VAULT_TOKEN), orgAdmin, Map.of());
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(moved.json().get("selfManaged").asBoolean()).isTrue();
    assertThat(moved.json().at("/provider/type").asText()).isEqualTo("vault");
    assertThat(moved.json().at("/versions/0/provider").asText()).isEqualTo("vault");
    assertThat(moved.body()).doesNotContain(VAULT_TOKEN);

    try (Connection c = server.db().connect(server.db().tenantPrefix() + "acme");
        ResultSet rs =
            c.createStatement()
                .executeQuery("select sealed_settings, description from key_provider")) {
      rs.next();
      assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain(VAULT_TOKEN);
      assertThat(rs.getString(2)).doesNotContain(VAULT_TOKEN);
    }

    int decrypts = vault.calls("decrypt");
    JsonNode opened = http.get("/api/v1/orgs/acme/audit/" + entryId, orgAdmin).json();
    assertThat(opened.at("/sealedMetadata/email").asText()).isEqualTo("keys@example.com");
    assertThat(http.post("/api/v1/orgs/acme/keys/rotate", "{}", orgAdmin).status()).isEqualTo(200);
    assertThat(
            http.post("/api/v1/orgs/acme/keys/verify", "{}", orgAdmin).json().get("ok").asBoolean())
        .isTrue();
    assertThat(vault.calls("decrypt") + vault.calls("rewrap")).isGreaterThan(decrypts);

    JsonNode change =
        http.get("/api/v1/orgs/acme/audit?action=keys.provider_changed", orgAdmin).json();
    assertThat(change.at("/items/0/metadata/to/type").asText()).isEqualTo("vault");
    assertThat(change.toString()).doesNotContain(VAULT_TOKEN);

    Http.Response back =
        http.send(
            "PUT",
            "/api/v1/orgs/acme/keys/provider",
            Http.json("type", "install"),
            orgAdmin,
            Map.of());
    assertThat(back.status()).as(back.body()).isEqualTo(200);
    assertThat(back.json().get("selfManaged").asBoolean()).isFalse();
    assertThat(back.json().at("/versions/0/provider").asText()).isEqualTo("install");
    assertThat(
            http.get("/api/v1/orgs/acme/audit/" + entryId, orgAdmin)
                .json()
                .at("/sealedMetadata/email")
                .asText())
        .isEqualTo("keys@example.com");
    assertThat(
            http.post("/api/v1/orgs/acme/audit/verify", "{}", orgAdmin)
                .json()
                .get("status")
                .asText())
        .isEqualTo("intact");
  }

  @Test
  void aProviderThatFailsItsRoundTripIsRefusedAndNothingChanges() throws Exception {
    Http.Response r =
        http.send(
            "PUT", "/api/v1/orgs/acme/keys/provider", vaultBody("wrong-token"), orgAdmin, Map.of());
    assertThat(r.status()).isEqualTo(502);
    assertThat(r.body()).doesNotContain("wrong-token");
    JsonNode keys = http.get("/api/v1/orgs/acme/keys", orgAdmin).json();
    assertThat(keys.get("selfManaged").asBoolean()).isFalse();
  }

  @Test
  void badSettingsAre422NamingTheField() {
    Http.Response noAddress =
        http.send(
            "PUT",
            "/api/v1/orgs/acme/keys/provider",
            Http.json("type", "vault", "settings", Map.of("token", "t")),
            orgAdmin,
            Map.of());
    assertThat(noAddress.status()).isEqualTo(422);
    assertThat(noAddress.json().get("field").asText()).isEqualTo("settings.address");
    Http.Response local =
        http.send(
            "PUT",
            "/api/v1/orgs/acme/keys/provider",
            Http.json("type", "local"),
            orgAdmin,
            Map.of());
    assertThat(local.json().get("field").asText()).isEqualTo("type");
  }
}
