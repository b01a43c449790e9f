package dev.palisade.keys.vault;

import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import dev.palisade.net.OutboundGuard;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Duration;

/**
 * HashiCorp Vault (or OpenBao) Transit, type {@code vault}. An organization's Vault address must be
 * a destination the outbound guard lets through.
 */
@Singleton
public final class VaultBackend implements KeyBackend<VaultKeysConfig> {
  private final OutboundGuard guard;

  public VaultBackend(OutboundGuard guard) {
    this.guard = guard;
  }

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
  public void admitForOrganization(VaultKeysConfig settings) {
    guard.checkSetting(
        VaultTransitClient.CLIENT, URI.create(settings.address()), "settings.address");
  }

  @Override
  public KeyProvider create(VaultKeysConfig settings) {
    return VaultKeyProvider.create(settings, guard);
  }
}
