package dev.palisade.keys.awskms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An organization whose role the install's credentials assume loses that provider when the install
 * stops allowing it: after a restart with {@code palisade.keys.organization-awskms-assume-role}
 * off, its key operations fail closed (503 naming the setting) and STS is not contacted.
 */
class AssumeRoleModeHeldToPolicyIT {
  private static final String ROLE = "arn:aws:iam::111122223333:role/palisade/acme-kms";

  @Test
  void theInstallsCredentialsStopAssumingTheRoleOnceTheInstallTurnsTheModeOff() throws Exception {
    TestServer server = OrganizationAssumedRoleIT.allowingTheInstallToAssumeRoles();
    TestDatabase db = server.db();
    Path home = server.home();
    try (StsProtocolStub sts = StsProtocolStub.start(server.clock());
        KmsProtocolStub kms = KmsProtocolStub.acceptingOnly(sts)) {
      kms.alias("alias/acme", kms.createKey());
      sts.principal(
          OrganizationAssumedRoleIT.INSTALL_KEY, OrganizationAssumedRoleIT.INSTALL_SECRET);
      String admin = server.installAdmin();
      String org = server.createOrg(admin, "acme");
      sts.role(ROLE, OrganizationAssumedRoleIT.INSTALL_KEY, org);
      Http.Response moved =
          server
              .http()
              .send(
                  "PUT",
                  "/api/v1/orgs/acme/keys/provider",
                  Http.json(
                      "type",
                      "awskms",
                      "settings",
                      Map.of(
                          "keyId",
                          "alias/acme",
                          "region",
                          KmsProtocolStub.REGION,
                          "endpoint",
                          kms.endpoint(),
                          "stsEndpoint",
                          sts.endpoint(),
                          "roleArn",
                          ROLE)),
                  admin,
                  Map.of());
      assertThat(moved.status()).as(moved.body()).isEqualTo(200);
      server.stop();

      server = TestServer.restart(db, home, Map.of("palisade.net.allow", "127.0.0.1/32"));
      int assumed = sts.calls().size();
      String again = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
      Http.Response verify = server.http().post("/api/v1/orgs/acme/keys/verify", "{}", again);
      assertThat(verify.status()).as(verify.body()).isEqualTo(503);
      assertThat(verify.json().get("detail").asText()).contains("settings.roleArn");
      assertThat(sts.calls()).hasSize(assumed);
    } finally {
      server.stop();
      db.close();
    }
  }
}
