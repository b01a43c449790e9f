package dev.palisade.keys.vault;

import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import jakarta.inject.Singleton;
import java.time.Duration;

/** HashiCorp Vault (or OpenBao) Transit, type {@code vault}. */
@Singleton
public final class VaultBackend implements KeyBackend<VaultKeysConfig> {
  @Override
  public String type() {
    return "vault";
  }

  @Override
  public Class<VaultKeysConfig> settingsType() {
    return VaultKeysConfig.class;
  }

  @Override
  public VaultKeysConfig settings(SettingsValues v) {
    return new VaultKeysConfig(
        v.text("address"),
        v.text("token"),
        v.text("transitMount", "transit"),
        v.text("keyName", "palisade-kek"),
        v.text("namespace"),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  @Override
  public KeyProvider create(VaultKeysConfig settings) {
    return VaultKeyProvider.create(settings);
  }
}
