package dev.palisade.keys.local;

import static java.util.Objects.requireNonNull;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.KekSealing;
import dev.palisade.keys.KeyProvider;
import dev.palisade.keys.ProviderDescription;
import dev.palisade.keys.WrappedKey;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;

/**
 * A KEK kept in a file under {@code PALISADE_HOME}: the first-run default. Data keys are sealed
 * with AES-256-GCM under the current KEK, a random 96-bit nonce and the context as associated data;
 * the KEK version is the KEK's fingerprint. The file is read (or created) at first use and kept in
 * memory; a file that cannot be read or parsed fails every operation until it is fixed.
 * Thread-safe.
 */
public final class LocalKeyProvider implements KeyProvider {
  private final LocalKeyFile file;
  private final String keyId;
  private List<LocalKeyFile.Kek> keks;

  private LocalKeyProvider(LocalKeyFile file, String keyId) {
    this.file = file;
    this.keyId = keyId;
  }

  /** A provider on {@code config}'s key file, resolved against {@code home}. Reads nothing yet. */
  public static LocalKeyProvider create(LocalKeysConfig config, InstallHome home) {
    requireNonNull(config, "config is null");
    requireNonNull(home, "home is null");
    return new LocalKeyProvider(new LocalKeyFile(home, config.keyFile()), config.keyFile());
  }

  @Override
  public String type() {
    return "local";
  }

  @Override
  public WrappedKey wrap(byte[] dataKey, byte[] context) {
    List<LocalKeyFile.Kek> all = keks();
    LocalKeyFile.Kek current = all.get(all.size() - 1);
    try {
      byte[] sealed = KekSealing.seal(current.key(), null, dataKey, context);
      return new WrappedKey(type(), keyId, current.fingerprint(), sealed);
    } catch (GeneralSecurityException e) {
      throw new PlatformException(ErrorCode.DEPENDENCY_FAILED, "local key wrap failed", e);
    }
  }

  @Override
  public byte[] unwrap(WrappedKey wrapped, byte[] context) {
    LocalKeyFile.Kek kek =
        keks().stream()
            .filter(k -> k.fingerprint().equals(wrapped.kekVersion()))
            .findFirst()
            .orElseThrow(
                () ->
                    new PlatformException(
                        ErrorCode.DEPENDENCY_FAILED,
                        "the local key file "
                            + file.path()
                            + " does not hold KEK "
                            + wrapped.kekVersion()
                            + " that wrapped this key; restore the file from a backup"));
    try {
      return KekSealing.open(kek.key(), null, wrapped.ciphertext(), context);
    } catch (GeneralSecurityException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_FAILED,
          "local key unwrap refused: the wrapped key was altered or belongs to another context");
    }
  }

  /**
   * Adds a new KEK to the file and makes it current; keys wrapped under older KEKs still unwrap and
   * {@link #rewrap} moves them to the new one. Returns the new KEK version.
   */
  public synchronized String rotate() {
    keks = file.append(keks());
    return keks.get(keks.size() - 1).fingerprint();
  }

  @Override
  public ProviderDescription describe() {
    return new ProviderDescription(type(), keyId, Map.of("keyFile", file.path().toString()));
  }

  @Override
  public String toString() {
    return "LocalKeyProvider[keyFile=" + file.path() + "]";
  }

  private synchronized List<LocalKeyFile.Kek> keks() {
    if (keks == null) {
      keks = file.loadOrCreate();
    }
    return keks;
  }
}
