package dev.palisade.keys;

import static java.util.Objects.requireNonNull;

import dev.palisade.install.InstallHome;
import dev.palisade.keys.awskms.AwsKmsKeyProvider;
import dev.palisade.keys.awskms.AwsKmsKeysConfig;
import dev.palisade.keys.local.LocalKeyProvider;
import dev.palisade.keys.local.LocalKeysConfig;
import dev.palisade.keys.pkcs11.Pkcs11KeyProvider;
import dev.palisade.keys.pkcs11.Pkcs11KeysConfig;
import dev.palisade.keys.vault.VaultKeyProvider;
import dev.palisade.keys.vault.VaultKeysConfig;

/**
 * Builds a provider from typed settings at run time, outside the application context: for keys
 * configured after start-up, such as an organization's own Vault, KMS or PKCS#11 key. Building
 * contacts nothing; the first operation does. The caller owns the provider and closes it when it is
 * {@link AutoCloseable}. The install's own provider is the {@link KeyProvider} bean instead.
 */
public final class KeyProviderFactory {
  private KeyProviderFactory() {}

  /** A provider for {@code settings}; {@code home} resolves a local key file. */
  public static KeyProvider create(KeyProviderSettings settings, InstallHome home) {
    requireNonNull(settings, "settings is null");
    if (settings instanceof LocalKeysConfig local) {
      return LocalKeyProvider.create(local, requireNonNull(home, "home is null"));
    }
    if (settings instanceof Pkcs11KeysConfig pkcs11) {
      return Pkcs11KeyProvider.create(pkcs11);
    }
    if (settings instanceof VaultKeysConfig vault) {
      return VaultKeyProvider.create(vault);
    }
    if (settings instanceof AwsKmsKeysConfig kms) {
      return AwsKmsKeyProvider.create(kms);
    }
    throw new IllegalArgumentException("no key provider for " + settings.getClass().getName());
  }
}
