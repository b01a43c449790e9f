package dev.palisade.keys.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An install whose own key is on a PKCS#11 token (SoftHSM2) and that offers organizations PKCS#11
 * with that one library: an organization may never name another library, nor the install's own
 * token, and every refusal and failure reads the same, so nothing can be probed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationPkcs11LimitsIT {
  private TestServer server;
  private Http http;
  private String orgAdmin;

  @BeforeAll
  void start() throws Exception {
    SoftHsm.token();
    server =
        TestServer.start(
            Map.of(
                "palisade.keys.provider",
                "pkcs11",
                "palisade.keys.pkcs11.library",
                SoftHsm.LIBRARY,
                "palisade.keys.pkcs11.slot-list-index",
                0,
                "palisade.keys.pkcs11.pin",
                SoftHsm.PIN,
                "palisade.keys.pkcs11.key-label",
                "install-kek-org-limits",
                "palisade.keys.pkcs11.create-key-if-missing",
                true,
                "palisade.keys.organization-providers",
                "vault,awskms,pkcs11",
                "palisade.keys.organization-pkcs11-libraries",
                SoftHsm.LIBRARY));
    http = server.http();
    String admin = server.installAdmin();
    server.createOrg(admin, "acme");
    orgAdmin = server.member(admin, "acme", "keys@example.com", "admin");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private Http.Response put(Map<String, Object> settings) {
    return http.send(
        "PUT",
        "/api/v1/orgs/acme/keys/provider",
        Http.json("type", "pkcs11", "settings", settings),
        orgAdmin,
        Map.of());
  }

  private String refused(Http.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.json().get("field").asText()).isEqualTo("settings.library");
    assertThat(http.get("/api/v1/orgs/acme/keys", orgAdmin).json().get("selfManaged").asBoolean())
        .isFalse();
    return r.json().get("detail").asText();
  }

  @Test
  void aLibraryNotOnTheInstallsListAndTheInstallsOwnTokenGetTheSameRefusal() {
    String otherLibrary = refused(put(Map.of("library", "/tmp/libvendor-x.so", "pin", "1234")));
    String installsTokenWrongPin =
        refused(put(Map.of("library", SoftHsm.LIBRARY, "slotListIndex", 0, "pin", "0000")));
    String installsTokenRightPin =
        refused(put(Map.of("library", SoftHsm.LIBRARY, "slotListIndex", 0, "pin", SoftHsm.PIN)));
    String byDefaultIndex = refused(put(Map.of("library", SoftHsm.LIBRARY, "pin", "0000")));
    assertThat(otherLibrary)
        .isEqualTo(installsTokenWrongPin)
        .isEqualTo(installsTokenRightPin)
        .isEqualTo(byDefaultIndex)
        .doesNotContain("PIN");
  }

  @Test
  void theInstallsTokenStillWorksAfterTheRefusals() {
    put(Map.of("library", SoftHsm.LIBRARY, "slotListIndex", 0, "pin", "0000"));
    Http.Response verify = http.post("/api/v1/orgs/acme/keys/verify", "{}", orgAdmin);
    assertThat(verify.json().get("ok").asBoolean()).as(verify.body()).isTrue();
    assertThat(http.post("/api/v1/orgs/acme/keys/rotate", "{}", orgAdmin).status()).isEqualTo(200);
  }
}
