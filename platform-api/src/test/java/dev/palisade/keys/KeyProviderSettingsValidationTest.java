package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.HomeConfig;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.awskms.AwsKmsBackend;
import dev.palisade.keys.awskms.AwsKmsKeyProvider;
import dev.palisade.keys.awskms.AwsKmsKeysConfig;
import dev.palisade.keys.awskms.InstallAwsCredentials;
import dev.palisade.keys.local.LocalBackend;
import dev.palisade.keys.local.LocalKeyProvider;
import dev.palisade.keys.local.LocalKeysConfig;
import dev.palisade.keys.pkcs11.Pkcs11Backend;
import dev.palisade.keys.pkcs11.Pkcs11KeyProvider;
import dev.palisade.keys.pkcs11.Pkcs11KeysConfig;
import dev.palisade.keys.vault.VaultBackend;
import dev.palisade.keys.vault.VaultKeyProvider;
import dev.palisade.keys.vault.VaultKeysConfig;
import dev.palisade.net.TestGuards;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/** Settings validate themselves when built, name the offending setting, and hide secrets. */
class KeyProviderSettingsValidationTest {
  private static final Duration S5 = Duration.ofSeconds(5);

  @Test
  void unknownProviderNamesTheSettingAndTheChoices(@TempDir Path home) {
    assertThatThrownBy(() -> new KeyBackends(backends(home), KeysConfig.of("hsm")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "palisade.keys.provider (PALISADE_KEYS_PROVIDER) is 'hsm', which is not a key"
                + " provider; use one of awskms, local, pkcs11, vault");
    assertThat(new KeyBackends(backends(home), KeysConfig.of("vault")).types())
        .containsExactly("awskms", "local", "pkcs11", "vault");
  }

  private static List<KeyBackend<?>> backends(Path home) {
    return List.of(
        new VaultBackend(TestGuards.loopback()),
        new LocalBackend(new InstallHome(new HomeConfig(home.toString()))),
        new Pkcs11Backend(
            KeysConfig.of("local"),
            () -> {
              throw new IllegalStateException("the install uses no PKCS#11 token");
            }),
        new AwsKmsBackend(
            TestGuards.loopback(),
            KeysConfig.of("local"),
            java.time.Clock.systemUTC(),
            new InstallAwsCredentials(AnonymousCredentialsProvider.create())));
  }

  @Test
  void organizationSettingsNameTheRequestField(@TempDir Path home) {
    KeyBackends b = new KeyBackends(backends(home), KeysConfig.of("local"));
    assertThat(b.selfManagedTypes()).containsExactly("awskms", "pkcs11", "vault");
    assertInvalid(() -> b.settings("vault", Map.of("token", "t")), "settings.address");
    assertInvalid(
        () -> b.settings("vault", Map.of("address", "https://v", "token", "t", "keyName", "..")),
        "settings.keyName");
    assertInvalid(() -> b.settings("pkcs11", Map.of("slot", "x")), "settings.slot");
    assertInvalid(() -> b.settings("local", Map.of()), "type");
    assertInvalid(() -> b.settings("hsm", Map.of()), "type");
  }

  @Test
  void localKeyFileIsRequired() {
    assertInvalid(() -> new LocalKeysConfig(" "), "palisade.keys.local.key-file");
    assertThat(LocalKeysConfig.defaults().keyFile()).isEqualTo("keys/install-kek.key");
  }

  @Test
  void vaultSettingsAreCheckedAndTheTokenHidden() {
    assertInvalid(() -> VaultKeysConfig.of(null, "t", "k"), "palisade.keys.vault.address");
    assertInvalid(() -> VaultKeysConfig.of("http://a:8200", "", "k"), "palisade.keys.vault.token");
    assertInvalid(
        () -> VaultKeysConfig.of("https://user:pw@vault:8200", "t", "k"),
        "palisade.keys.vault.address");
    assertInvalid(() -> VaultKeysConfig.of("ftp://vault", "t", "k"), "palisade.keys.vault.address");
    assertInvalid(
        () -> VaultKeysConfig.of("https://vault:8200", "t", "../sys"),
        "palisade.keys.vault.key-name");
    assertInvalid(() -> VaultKeysConfig.of("https://v", "t", ".."), "palisade.keys.vault.key-name");
    assertInvalid(
        () -> new VaultKeysConfig("https://v", "t", "a/../b", "k", null, S5, S5),
        "palisade.keys.vault.transit-mount");
    assertThat(
            new VaultKeysConfig("https://v", "t", "team/transit", "k.v2", null, S5, S5).keyName())
        .isEqualTo("k.v2");
    assertInvalid(
        () -> new VaultKeysConfig("https://v", "t", "transit", "k", null, Duration.ZERO, S5),
        "palisade.keys.vault.connect-timeout");
    VaultKeysConfig c =
        new VaultKeysConfig("https://vault:8200/", "hvs.secret", "transit", "k", " ", S5, S5);
    assertThat(c.address()).isEqualTo("https://vault:8200");
    assertThat(c.namespace()).isNull();
    assertThat(c.toString()).doesNotContain("hvs.secret").contains("token=***");
  }

  @Test
  void pkcs11SettingsAreCheckedAndThePinHidden() {
    assertInvalid(
        () -> new Pkcs11KeysConfig(null, null, null, "1234", "k", false),
        "palisade.keys.pkcs11.library");
    assertInvalid(
        () -> new Pkcs11KeysConfig("/lib.so", null, null, null, "k", false),
        "palisade.keys.pkcs11.pin");
    assertInvalid(
        () -> new Pkcs11KeysConfig("/lib.so", 1, 0, "1234", "k", false),
        "palisade.keys.pkcs11.slot");
    assertInvalid(
        () -> new Pkcs11KeysConfig("/lib.so", null, -1, "1234", "k", false),
        "palisade.keys.pkcs11.slot-list-index");
    assertInvalid(
        () -> new Pkcs11KeysConfig("/lib.so\"\nslot = 3", null, null, "1234", "k", false),
        "palisade.keys.pkcs11.library");
    Pkcs11KeysConfig c = new Pkcs11KeysConfig("/lib.so", 7, null, "pin-9931", "k", false);
    assertThat(c.token()).isEqualTo("slot 7");
    assertThat(c.toString()).doesNotContain("pin-9931").contains("pin=***");
  }

  @Test
  void awsKmsSettingsAreCheckedAndTheSecretHidden() {
    assertInvalid(() -> AwsKmsKeysConfig.of("", "eu-west-1"), "palisade.keys.awskms.key-id");
    assertInvalid(
        () -> AwsKmsKeysConfig.of("alias/k", "eu-west-1.attacker.example/"),
        "palisade.keys.awskms.region");
    assertInvalid(
        () -> new AwsKmsKeysConfig("k", null, null, "AKIA", null, null, null, null, SN, S5, S5),
        "palisade.keys.awskms.secret-access-key");
    assertInvalid(
        () -> new AwsKmsKeysConfig("k", null, null, null, "secret", null, null, null, SN, S5, S5),
        "palisade.keys.awskms.access-key-id");
    assertInvalid(
        () ->
            new AwsKmsKeysConfig(
                "k", null, "https://a:b@kms", null, null, null, null, null, SN, S5, S5),
        "palisade.keys.awskms.endpoint");
    AwsKmsKeysConfig c =
        new AwsKmsKeysConfig(
            "k", " ", null, "AKIA", "kms-secret-77", ROLE, "ext-id-4471", null, SN, S5, S5);
    assertThat(c.region()).isNull();
    assertThat(c.toString())
        .doesNotContain("kms-secret-77")
        .contains("secretAccessKey=***")
        .doesNotContain("ext-id-4471")
        .contains("externalId=***");
  }

  private static final String SN = "palisade-install";
  private static final String ROLE = "arn:aws:iam::111122223333:role/palisade/acme-kms";

  private static AwsKmsKeysConfig role(String arn, String externalId, String sts, String session) {
    return new AwsKmsKeysConfig(
        "k", "eu-west-1", null, "AKIA", "s", arn, externalId, sts, session, S5, S5);
  }

  @Test
  void awsKmsRoleSettingsAreChecked() {
    assertThat(role(ROLE, null, null, SN).assumesRole()).isTrue();
    assertThat(role("arn:aws-us-gov:iam::111122223333:role/a", "ab", null, SN).roleArn())
        .endsWith("role/a");
    for (String bad :
        new String[] {
          "arn:aws:iam::11112222333:role/a",
          "arn:aws:iam::111122223333:user/a",
          "arn:aws:sts::111122223333:role/a",
          "arn:aws:iam::111122223333:role/",
          "arn:aws:iam::111122223333:role/a/",
          "arn:aws:iam::111122223333:role/a b",
          "arn:aws:iam::111122223333:role/" + "r".repeat(513),
          "role/a"
        }) {
      assertInvalid(() -> role(bad, null, null, SN), "palisade.keys.awskms.role-arn");
    }
    assertThat(role("arn:aws:iam::111122223333:role/" + "r".repeat(512), null, null, SN))
        .isNotNull();
    assertInvalid(() -> role(ROLE, "x", null, SN), "palisade.keys.awskms.external-id");
    assertInvalid(() -> role(ROLE, "a b", null, SN), "palisade.keys.awskms.external-id");
    assertInvalid(() -> role(ROLE, "e".repeat(1225), null, SN), "palisade.keys.awskms.external-id");
    assertThat(role(ROLE, "e".repeat(1224), null, SN).externalId()).hasSize(1224);
    assertInvalid(() -> role(null, "ab", null, SN), "palisade.keys.awskms.external-id");
    assertInvalid(
        () -> role(null, null, "https://sts.example", SN), "palisade.keys.awskms.sts-endpoint");
    assertInvalid(
        () -> role(ROLE, null, "ftp://sts.example", SN), "palisade.keys.awskms.sts-endpoint");
    assertInvalid(() -> role(ROLE, null, null, "x"), "palisade.keys.awskms.role-session-name");
    assertInvalid(
        () -> role(ROLE, null, null, "s".repeat(65)), "palisade.keys.awskms.role-session-name");
  }

  @Test
  void factoryBuildsTheProviderOfEachSettingsTypeWithoutContactingIt(@TempDir Path home) {
    KeyBackends b = new KeyBackends(backends(home), KeysConfig.of("local"));
    assertThat(built(b, LocalKeysConfig.defaults())).isInstanceOf(LocalKeyProvider.class);
    assertThat(built(b, new Pkcs11KeysConfig("/nonexistent.so", null, null, "1", "k", false)))
        .isInstanceOf(Pkcs11KeyProvider.class);
    assertThat(built(b, VaultKeysConfig.of("http://127.0.0.1:1", "t", "k")))
        .isInstanceOf(VaultKeyProvider.class);
    KeyProvider kms = built(b, AwsKmsKeysConfig.of("alias/k", "eu-west-1"));
    assertThat(kms).isInstanceOf(AwsKmsKeyProvider.class);
    ((AwsKmsKeyProvider) kms).close();
    assertThat(home.resolve("keys")).doesNotExist();
  }

  /** What the backend built, under the metering every provider gets. */
  private static KeyProvider built(KeyBackends b, KeyProviderSettings settings) {
    return MeteredKeyProvider.unwrap(b.create(settings));
  }

  private static void assertInvalid(ThrowingCallable build, String setting) {
    assertThatThrownBy(build)
        .isInstanceOfSatisfying(
            PlatformException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_FIELD);
              assertThat(e.field()).contains(setting);
            });
  }
}
