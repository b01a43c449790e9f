package dev.palisade.keys.local;

import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import jakarta.inject.Singleton;

/**
 * A key file under {@code PALISADE_HOME}, type {@code local}. Not for organizations: a key file on
 * the server is not a key the organization manages.
 */
@Singleton
public final class LocalBackend implements KeyBackend<LocalKeysConfig> {
  private final InstallHome home;

  public LocalBackend(InstallHome home) {
    this.home = home;
  }

  @Override
  public String type() {
    return "local";
  }

  @Override
  public Class<LocalKeysConfig> settingsType() {
    return LocalKeysConfig.class;
  }

  @Override
  public boolean selfManaged() {
    return false;
  }

  @Override
  public LocalKeysConfig settings(SettingsValues values) {
    throw PlatformException.invalidField("type", "local is the install's own key file");
  }

  @Override
  public KeyProvider create(LocalKeysConfig settings) {
    return LocalKeyProvider.create(settings, home);
  }
}
