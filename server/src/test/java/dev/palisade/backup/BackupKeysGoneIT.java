package dev.palisade.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.keys.vault.VaultTransitProtocolStub;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A backup the keys no longer open is encrypted noise: an organization whose keyring is wrapped by
 * its own Vault Transit key (the protocol stub) is backed up, then its Vault is sealed; the
 * validation restores everything but fails at unsealing that organization's entry, and says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupKeysGoneIT {
  private static final String VAULT_TOKEN = "hvs.planted-vault-token-7731";

  private VaultTransitProtocolStub vault;
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() throws Exception {
    vault = VaultTransitProtocolStub.start(VAULT_TOKEN);
    vault.createKey("acme-kek");
    server =
        TestServer.start(
            Map.of("palisade.net.allow", "127.0.0.1/32", "palisade.backup.validate-wait", "3m"));
    http = server.http();
    admin = server.installAdmin();
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
                Map.of("address", vault.address(), "token", VAULT_TOKEN, "keyName", "acme-kek")),
            orgAdmin,
            Map.of());
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    vault.close();
  }

  @Test
  void theUnsealStepFailsWhenTheKeyProviderNoLongerOpensTheBackup() throws Exception {
    JsonNode backup = BackupRunsIT.backUp(http, admin);
    assertThat(backup.get("state").asText()).isEqualTo("completed");
    vault.seal();
    JsonNode v =
        http.post(BackupRunsIT.BASE + "/" + backup.get("id").asText() + "/validate", "", admin)
            .json();
    String acmeDb = server.db().tenantPrefix() + "acme";
    assertThat(v.get("state").asText()).as(v.toString()).isEqualTo("failed");
    assertThat(v.get("failedStep").asText()).isEqualTo("unseal");
    assertThat(v.get("failedDatabase").asText()).isEqualTo(acmeDb);
    assertThat(v.toString()).doesNotContain(VAULT_TOKEN);
    JsonNode install = null;
    for (JsonNode s : v.get("steps")) {
      if (s.get("name").asText().equals("liveHead") && s.get("database").asText().equals(acmeDb)) {
        assertThat(s.get("result").asText()).isEqualTo("passed");
      }
      if (s.get("name").asText().equals("unseal")
          && s.get("database").asText().equals(server.db().name())) {
        install = s;
      }
    }
    assertThat(install).as("the install's own keyring still opens").isNotNull();
    assertThat(install.get("result").asText()).isIn("passed", "skipped");
    vault.unseal();
  }
}
