package dev.palisade.keys.pkcs11;

import dev.palisade.errors.PlatformException;
import dev.palisade.keys.KeyBackend;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.KeysConfig;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A PKCS#11 token through SunPKCS11, type {@code pkcs11}. The library is loaded into the server's
 * own process, so an organization may name only a library on {@code
 * palisade.keys.organization-pkcs11-libraries}, and never the install's own token: with the
 * install's library it must name a slot by id, and the install must use another slot id. Every such
 * refusal, and every failure of a first round trip, reads the same, so that an organization admin
 * learns nothing about the install's token (which slot it is, whether a PIN was refused).
 */
@Singleton
public final class Pkcs11Backend implements KeyBackend<Pkcs11KeysConfig> {
  static final String NOT_OFFERED =
      "is not a PKCS#11 library and token this install offers to organizations";
  static final String FAILED =
      "the PKCS#11 token could not be used with these settings (library, slot, PIN or key label)";

  private final KeysConfig keys;
  private final BeanProvider<Pkcs11KeysConfig> install;

  public Pkcs11Backend(KeysConfig keys, BeanProvider<Pkcs11KeysConfig> install) {
    this.keys = keys;
    this.install = install;
  }

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
  public void admitForOrganization(Pkcs11KeysConfig settings) {
    Path library = real(settings.library());
    boolean listed =
        keys.organizationPkcs11Libraries().stream()
            .map(Pkcs11Backend::real)
            .anyMatch(library::equals);
    if (!listed || installsToken(library, settings)) {
      throw PlatformException.invalidField("settings.library", NOT_OFFERED);
    }
  }

  @Override
  public String organizationFailure(String detail) {
    return FAILED;
  }

  private boolean installsToken(Path library, Pkcs11KeysConfig settings) {
    if (!type().equals(keys.provider())) {
      return false;
    }
    Pkcs11KeysConfig own = install.get();
    if (!real(own.library()).equals(library)) {
      return false;
    }
    return settings.slot() == null
        || own.slot() == null
        || Objects.equals(settings.slot(), own.slot());
  }

  /** The library's real path (links resolved) when it exists, else its normalized absolute path. */
  private static Path real(String library) {
    Path p = Path.of(library).toAbsolutePath().normalize();
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }

  @Override
  public KeyProvider create(Pkcs11KeysConfig settings) {
    return Pkcs11KeyProvider.create(settings);
  }
}
