package dev.palisade.keys.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private int installSlot;

  /** The slot id SoftHSM gave the initialized token. */
  private static int initializedSlot() throws Exception {
    String slots = SoftHsm.run("softhsm2-util", "--show-slots");
    Matcher m =
        Pattern.compile(
                "Slot (\\d+)\\s+Slot info:(?:(?!Slot \\d).)*?Label:\\s+" + SoftHsm.TOKEN_LABEL,
                Pattern.DOTALL)
            .matcher(slots);
    assertThat(m.find()).as(slots).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @BeforeAll
  void start() throws Exception {
    SoftHsm.token();
    installSlot = initializedSlot();
    server =
        TestServer.start(
            Map.of(
                "palisade.keys.provider",
                "pkcs11",
                "palisade.keys.pkcs11.library",
                SoftHsm.LIBRARY,
                "palisade.keys.pkcs11.slot",
                installSlot,
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
    String bySlotId =
        refused(put(Map.of("library", SoftHsm.LIBRARY, "slot", installSlot, "pin", "0000")));
    assertThat(otherLibrary)
        .isEqualTo(installsTokenWrongPin)
        .isEqualTo(installsTokenRightPin)
        .isEqualTo(byDefaultIndex)
        .isEqualTo(bySlotId)
        .doesNotContain("PIN");
  }

  @Test
  void anotherTokenOfTheListedLibraryFailsWithOneTextAndLeavesTheInstallsTokenAlone() {
    int other = installSlot == 1 ? 2 : 1;
    Http.Response r =
        put(Map.of("library", SoftHsm.LIBRARY, "slot", other, "pin", "0000", "keyLabel", "x"));
    assertThat(r.status()).as(r.body()).isEqualTo(502);
    assertThat(r.json().get("detail").asText())
        .isEqualTo("the new key provider failed a round trip: " + Pkcs11Backend.FAILED);
    assertThat(http.get("/api/v1/orgs/acme/keys", orgAdmin).json().get("selfManaged").asBoolean())
        .isFalse();
    Http.Response verify = http.post("/api/v1/orgs/acme/keys/verify", "{}", orgAdmin);
    assertThat(verify.json().get("ok").asBoolean()).as(verify.body()).isTrue();
  }

  @Test
  void theInstallsTokenStillWorksAfterTheRefusals() {
    put(Map.of("library", SoftHsm.LIBRARY, "slotListIndex", 0, "pin", "0000"));
    Http.Response verify = http.post("/api/v1/orgs/acme/keys/verify", "{}", orgAdmin);
    assertThat(verify.json().get("ok").asBoolean()).as(verify.body()).isTrue();
    assertThat(http.post("/api/v1/orgs/acme/keys/rotate", "{}", orgAdmin).status()).isEqualTo(200);
  }
}
