package dev.palisade.keys.pkcs11;

import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeyProviderContract;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The key provider contract on a real SoftHSM2 token through SunPKCS11. Rotation is what an
 * operator does on an HSM: create a key under a new label and point {@code key-label} at it.
 */
class Pkcs11KeyProviderOnSoftHsmIT extends KeyProviderContract {
  private Pkcs11KeyProvider provider;
  private Pkcs11KeyProvider rotated;

  @BeforeAll
  static void token() throws Exception {
    SoftHsm.token();
  }

  @BeforeEach
  void createProvider() {
    provider = Pkcs11KeyProvider.create(SoftHsm.config("palisade-kek", true));
  }

  @AfterEach
  void closeProviders() {
    provider.close();
    if (rotated != null) {
      rotated.close();
    }
  }

  @Override
  protected KeyProvider provider() {
    return provider;
  }

  @Override
  protected KeyProvider unreachableProvider() {
    return Pkcs11KeyProvider.create(
        new Pkcs11KeysConfig(SoftHsm.LIBRARY, null, 7, SoftHsm.PIN, "palisade-kek", false));
  }

  @Override
  protected Optional<KeyProvider> rotateKek() {
    rotated = Pkcs11KeyProvider.create(SoftHsm.config("palisade-kek-" + UUID.randomUUID(), true));
    return Optional.of(rotated);
  }

  @Override
  protected List<String> plantedSecrets() {
    return List.of(SoftHsm.PIN);
  }
}
