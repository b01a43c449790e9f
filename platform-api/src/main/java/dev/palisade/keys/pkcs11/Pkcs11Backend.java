package dev.palisade.keys.pkcs11;

import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import jakarta.inject.Singleton;

/** A PKCS#11 token through SunPKCS11, type {@code pkcs11}. */
@Singleton
public final class Pkcs11Backend implements KeyBackend<Pkcs11KeysConfig> {
  @Override
  public String type() {
    return "pkcs11";
  }

  @Override
  public Class<Pkcs11KeysConfig> settingsType() {
    return Pkcs11KeysConfig.class;
  }

  @Override
  public Pkcs11KeysConfig settings(SettingsValues v) {
    return new Pkcs11KeysConfig(
        v.text("library"),
        v.integer("slot"),
        v.integer("slotListIndex"),
        v.text("pin"),
        v.text("keyLabel", "palisade-kek"),
        false);
  }

  @Override
  public KeyProvider create(Pkcs11KeysConfig settings) {
    return Pkcs11KeyProvider.create(settings);
  }
}
