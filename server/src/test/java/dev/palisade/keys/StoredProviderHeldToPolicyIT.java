package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.vault.VaultTransitProtocolStub;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An organization's provider settings are held to the install's policy whenever they are loaded,
 * not only when they are stored: after the install stops offering a type, an organization that
 * chose it earlier cannot use it any more (fail closed: 503, the provider is never contacted).
 */
class StoredProviderHeldToPolicyIT {
  private static final String VAULT_TOKEN = "hvs.planted-vault-token-7310";

  @Test
  void aProviderTypeTheInstallNoLongerOffersIsNotUsedAfterARestart() throws Exception {
    try (VaultTransitProtocolStub vault = VaultTransitProtocolStub.start(VAULT_TOKEN)) {
      vault.createKey("acme-kek");
      TestServer server = TestServer.start(Map.of("palisade.net.allow", "127.0.0.1/32"));
      TestDatabase db = server.db();
      Path home = server.home();
      try {
        Http http = server.http();
        String admin = server.installAdmin();
        server.createOrg(admin, "acme");
        String orgAdmin = server.member(admin, "acme", "keys@example.com", "admin");
        Http.Response moved =
            http.send(
                "PUT",
                "/api/v1/orgs/acme/keys/provider",
                Http.json(
                    "type",
                    "vault",
                    "settings",
                    Map.of(
                        "address", vault.address(), "token", VAULT_TOKEN, "keyName", "acme-kek")),
                orgAdmin,
                Map.of());
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        server.stop();

        server =
            TestServer.restart(
                db,
                home,
                Map.of(
                    "palisade.net.allow", "127.0.0.1/32",
                    "palisade.keys.organization-providers", "awskms"));
        http = server.http();
        int calls = vault.calls("decrypt") + vault.calls("encrypt") + vault.calls("rewrap");
        String installAdmin = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
        Http.Response verify = http.post("/api/v1/orgs/acme/keys/verify", "{}", installAdmin);
        assertThat(verify.status()).as(verify.body()).isEqualTo(503);
        assertThat(verify.json().get("detail").asText())
            .contains("palisade.keys.organization-providers")
            .doesNotContain(VAULT_TOKEN);
        assertThat(vault.calls("decrypt") + vault.calls("encrypt") + vault.calls("rewrap"))
            .isEqualTo(calls);
        Http.Response events =
            http.get("/api/v1/install/security-events?type=keyProviderUnavailable", installAdmin);
        assertThat(events.json().get("items")).as(events.body()).isNotEmpty();
        assertThat(events.json().at("/items/0/org").toString()).contains("acme");
        assertThat(events.body()).doesNotContain(VAULT_TOKEN).doesNotContain(vault.address());
      } finally {
        server.stop();
        db.close();
      }
    }
  }
}
