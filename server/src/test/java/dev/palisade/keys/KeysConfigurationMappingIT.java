package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.awskms.AwsKmsKeysConfig;
import dev.palisade.keys.local.LocalKeyProvider;
import dev.palisade.keys.local.LocalKeysConfig;
import dev.palisade.keys.pkcs11.Pkcs11KeysConfig;
import dev.palisade.keys.vault.VaultKeyProvider;
import dev.palisade.keys.vault.VaultKeysConfig;
import dev.palisade.net.NetConfig;
import dev.palisade.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every key provider setting: its default, and its full mapping from properties. */
class KeysConfigurationMappingIT {
  @Test
  void defaultsAreTheLocalProviderWithItsKeyFileUnderTheHome() throws Exception {
    Map<String, Object> required = new HashMap<>();
    required.put("palisade.keys.vault.address", "https://vault.example:8200");
    required.put("palisade.keys.vault.token", "hvs.mapping-token");
    required.put("palisade.keys.pkcs11.library", "/usr/lib/softhsm/libsofthsm2.so");
    required.put("palisade.keys.pkcs11.pin", "mapping-pin");
    required.put("palisade.keys.awskms.key-id", "alias/palisade");
    try (TestServer server = TestServer.start(required)) {
      assertThat(server.context().getBean(KeysConfig.class).provider()).isEqualTo("local");
      assertThat(server.context().getBean(KeysConfig.class).organizationProviders())
          .containsExactly("vault", "awskms");
      assertThat(server.context().getBean(KeysConfig.class).organizationPkcs11Libraries())
          .isEmpty();
      assertThat(server.context().getBean(KeysConfig.class).organizationAwskmsAssumeRole())
          .isFalse();
      assertThat(server.context().getBean(NetConfig.class).allow()).isEmpty();
      assertThat(server.context().getBean(LocalKeysConfig.class).keyFile())
          .isEqualTo("keys/install-kek.key");

      VaultKeysConfig vault = server.context().getBean(VaultKeysConfig.class);
      assertThat(vault.transitMount()).isEqualTo("transit");
      assertThat(vault.keyName()).isEqualTo("palisade-kek");
      assertThat(vault.namespace()).isNull();
      assertThat(vault.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(vault.requestTimeout()).isEqualTo(Duration.ofSeconds(10));

      Pkcs11KeysConfig pkcs11 = server.context().getBean(Pkcs11KeysConfig.class);
      assertThat(pkcs11.slot()).isNull();
      assertThat(pkcs11.slotListIndex()).isNull();
      assertThat(pkcs11.token()).isEqualTo("slot list index 0");
      assertThat(pkcs11.keyLabel()).isEqualTo("palisade-kek");
      assertThat(pkcs11.createKeyIfMissing()).isFalse();

      AwsKmsKeysConfig kms = server.context().getBean(AwsKmsKeysConfig.class);
      assertThat(kms.region()).isNull();
      assertThat(kms.endpoint()).isNull();
      assertThat(kms.accessKeyId()).isNull();
      assertThat(kms.secretAccessKey()).isNull();
      assertThat(kms.roleArn()).isNull();
      assertThat(kms.externalId()).isNull();
      assertThat(kms.stsEndpoint()).isNull();
      assertThat(kms.roleSessionName()).isEqualTo("palisade-install");
      assertThat(kms.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(kms.requestTimeout()).isEqualTo(Duration.ofSeconds(10));

      KeyProvider provider = server.context().getBean(KeyProvider.class);
      assertThat(provider).isInstanceOf(LocalKeyProvider.class);
      assertThat(server.context().getBeansOfType(KeyProvider.class)).hasSize(1);
      assertThat(provider.verify(java.time.Clock.systemUTC()).ok()).isTrue();
      Path keyFile = server.home().resolve("keys/install-kek.key");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void fullMapping() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put("palisade.keys.provider", "vault");
    props.put("palisade.keys.local.key-file", "/etc/palisade/kek.key");
    props.put("palisade.keys.vault.address", "https://vault.example:8200/");
    props.put("palisade.keys.vault.token", "hvs.mapping-token");
    props.put("palisade.keys.vault.transit-mount", "kv/transit");
    props.put("palisade.keys.vault.key-name", "install-kek");
    props.put("palisade.keys.vault.namespace", "team-a");
    props.put("palisade.keys.vault.connect-timeout", "2s");
    props.put("palisade.keys.vault.request-timeout", "3s");
    props.put("palisade.keys.pkcs11.library", "/opt/hsm/libvendor.so");
    props.put("palisade.keys.pkcs11.slot", 42);
    props.put("palisade.keys.pkcs11.pin", "mapping-pin");
    props.put("palisade.keys.pkcs11.key-label", "install-kek");
    props.put("palisade.keys.pkcs11.create-key-if-missing", true);
    props.put("palisade.keys.awskms.key-id", "arn:aws:kms:eu-west-1:111122223333:key/k");
    props.put("palisade.keys.awskms.region", "eu-west-1");
    props.put("palisade.keys.awskms.endpoint", "https://kms.eu-west-1.amazonaws.com");
    props.put("palisade.keys.awskms.access-key-id", "AKIAMAPPING");
    props.put("palisade.keys.awskms.secret-access-key", "mapping-secret");
    props.put("palisade.keys.awskms.role-arn", "arn:aws:iam::111122223333:role/palisade-kms");
    props.put("palisade.keys.awskms.external-id", "mapping-external-id");
    props.put("palisade.keys.awskms.sts-endpoint", "https://sts.eu-west-1.amazonaws.com");
    props.put("palisade.keys.awskms.role-session-name", "palisade-prod");
    props.put("palisade.keys.organization-awskms-assume-role", true);
    props.put("palisade.keys.awskms.connect-timeout", "4s");
    props.put("palisade.keys.awskms.request-timeout", "6s");
    props.put("palisade.keys.organization-providers", "pkcs11,vault");
    props.put("palisade.keys.organization-pkcs11-libraries", "/opt/hsm/libvendor.so,/opt/b.so");
    props.put("palisade.net.allow", "vault.internal,10.0.0.0/8");
    try (TestServer server = TestServer.start(props)) {
      assertThat(server.context().getBean(KeysConfig.class).provider()).isEqualTo("vault");
      assertThat(server.context().getBean(KeysConfig.class).organizationProviders())
          .containsExactly("pkcs11", "vault");
      assertThat(server.context().getBean(KeysConfig.class).organizationPkcs11Libraries())
          .containsExactly("/opt/hsm/libvendor.so", "/opt/b.so");
      assertThat(server.context().getBean(NetConfig.class).allow())
          .containsExactly("vault.internal", "10.0.0.0/8");
      assertThat(server.context().getBean(LocalKeysConfig.class).keyFile())
          .isEqualTo("/etc/palisade/kek.key");

      VaultKeysConfig vault = server.context().getBean(VaultKeysConfig.class);
      assertThat(vault.address()).isEqualTo("https://vault.example:8200");
      assertThat(vault.token()).isEqualTo("hvs.mapping-token");
      assertThat(vault.transitMount()).isEqualTo("kv/transit");
      assertThat(vault.keyName()).isEqualTo("install-kek");
      assertThat(vault.namespace()).isEqualTo("team-a");
      assertThat(vault.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(vault.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(vault.toString()).doesNotContain("hvs.mapping-token");

      Pkcs11KeysConfig pkcs11 = server.context().getBean(Pkcs11KeysConfig.class);
      assertThat(pkcs11.library()).isEqualTo("/opt/hsm/libvendor.so");
      assertThat(pkcs11.slot()).isEqualTo(42);
      assertThat(pkcs11.pin()).isEqualTo("mapping-pin");
      assertThat(pkcs11.keyLabel()).isEqualTo("install-kek");
      assertThat(pkcs11.createKeyIfMissing()).isTrue();
      assertThat(pkcs11.toString()).doesNotContain("mapping-pin");

      AwsKmsKeysConfig kms = server.context().getBean(AwsKmsKeysConfig.class);
      assertThat(kms.keyId()).isEqualTo("arn:aws:kms:eu-west-1:111122223333:key/k");
      assertThat(kms.region()).isEqualTo("eu-west-1");
      assertThat(kms.endpoint()).isEqualTo("https://kms.eu-west-1.amazonaws.com");
      assertThat(kms.accessKeyId()).isEqualTo("AKIAMAPPING");
      assertThat(kms.secretAccessKey()).isEqualTo("mapping-secret");
      assertThat(kms.roleArn()).isEqualTo("arn:aws:iam::111122223333:role/palisade-kms");
      assertThat(kms.externalId()).isEqualTo("mapping-external-id");
      assertThat(kms.stsEndpoint()).isEqualTo("https://sts.eu-west-1.amazonaws.com");
      assertThat(kms.roleSessionName()).isEqualTo("palisade-prod");
      assertThat(kms.toString()).doesNotContain("mapping-external-id");
      assertThat(server.context().getBean(KeysConfig.class).organizationAwskmsAssumeRole())
          .isTrue();
      assertThat(kms.connectTimeout()).isEqualTo(Duration.ofSeconds(4));
      assertThat(kms.requestTimeout()).isEqualTo(Duration.ofSeconds(6));
      assertThat(kms.toString()).doesNotContain("mapping-secret");

      KeyProvider provider = server.context().getBean(KeyProvider.class);
      assertThat(provider).isInstanceOf(VaultKeyProvider.class);
      assertThat(server.context().getBeansOfType(KeyProvider.class)).hasSize(1);
      assertThat(provider.describe().settings())
          .containsEntry("address", "https://vault.example:8200")
          .containsEntry("namespace", "team-a");
    }
  }
}
