package dev.palisade.keys.pkcs11;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.KeyGenerator;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

/**
 * A logged-in session with the token through a SunPKCS11 provider of its own, and the AES keys
 * found on it by label. Created by {@link Pkcs11KeyProvider} at first use and replaced when the
 * token fails; the keys never leave the token.
 */
final class Pkcs11Token {
  private final Pkcs11KeysConfig config;
  private final Provider provider;
  private final KeyStore keyStore;
  private final Map<String, Key> keys = new ConcurrentHashMap<>();

  private Pkcs11Token(Pkcs11KeysConfig config, Provider provider, KeyStore keyStore) {
    this.config = config;
    this.provider = provider;
    this.keyStore = keyStore;
  }

  /** Loads the library, opens the configured slot and logs in with the PIN. */
  static Pkcs11Token open(Pkcs11KeysConfig config) {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw unavailable(config, "this Java runtime has no SunPKCS11 provider");
    }
    Provider provider;
    try {
      provider = base.configure("--" + sunPkcs11Config(config));
    } catch (RuntimeException e) {
      throw unavailable(config, "cannot open the token");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS11", provider);
      ks.load(null, config.pin().toCharArray());
      return new Pkcs11Token(config, provider, ks);
    } catch (IOException e) {
      Throwable login = loginFailure(e);
      if (login != null) {
        throw new PlatformException(
            ErrorCode.DEPENDENCY_FAILED,
            "the PKCS#11 token at "
                + config.token()
                + (login instanceof FailedLoginException
                    ? " refused the PIN"
                    : " refused the login (PIN locked or expired)"));
      }
      throw unavailable(config, "cannot log in to the token");
    } catch (GeneralSecurityException | RuntimeException e) {
      throw unavailable(config, "cannot read the token's keys");
    }
  }

  Provider provider() {
    return provider;
  }

  /** The AES key labelled {@code label}; generated on the token when missing and allowed. */
  Key key(String label, boolean createIfMissing) {
    Key cached = keys.get(label);
    if (cached != null) {
      return cached;
    }
    synchronized (this) {
      try {
        Key key = keyStore.getKey(label, null);
        if (key == null) {
          keyStore.load(null, config.pin().toCharArray());
          key = keyStore.getKey(label, null);
        }
        if (key == null && createIfMissing) {
          KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
          generator.init(256);
          key = generator.generateKey();
        }
        if (key == null) {
          throw new PlatformException(
              ErrorCode.DEPENDENCY_FAILED,
              "no AES key labelled '"
                  + label
                  + "' on the PKCS#11 token at "
                  + config.token()
                  + (label.equals(config.keyLabel())
                      ? "; create it or set palisade.keys.pkcs11.create-key-if-missing"
                      : ""));
        }
        keys.put(label, key);
        return key;
      } catch (IOException | GeneralSecurityException e) {
        throw new PlatformException(
            ErrorCode.DEPENDENCY_FAILED,
            "cannot find or create the key labelled '" + label + "' on the PKCS#11 token");
      }
    }
  }

  void logout() {
    try {
      ((AuthProvider) provider).logout();
    } catch (GeneralSecurityException | RuntimeException e) {
      // the session is gone either way
    }
  }

  /**
   * The SunPKCS11 configuration. Generated AES keys are token objects carrying the configured
   * label; every AES key the provider creates is sensitive and non-extractable.
   */
  static String sunPkcs11Config(Pkcs11KeysConfig config) {
    String label = HexFormat.of().formatHex(config.keyLabel().getBytes(StandardCharsets.UTF_8));
    return "name = palisade\n"
        + "library = \""
        + config.library()
        + "\"\n"
        + (config.slot() != null
            ? "slot = " + config.slot()
            : "slotListIndex = " + (config.slotListIndex() == null ? 0 : config.slotListIndex()))
        + "\n"
        + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
        + "  CKA_TOKEN = true\n"
        + "  CKA_PRIVATE = true\n"
        + "  CKA_LABEL = 0h"
        + label
        + "\n}\n"
        + "attributes(*, CKO_SECRET_KEY, CKK_AES) = {\n"
        + "  CKA_ENCRYPT = true\n"
        + "  CKA_DECRYPT = true\n"
        + "  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n"
        + "}\n";
  }

  private static Throwable loginFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LoginException) {
        return t;
      }
    }
    return null;
  }

  private static PlatformException unavailable(Pkcs11KeysConfig config, String what) {
    return new PlatformException(
        ErrorCode.DEPENDENCY_UNAVAILABLE,
        "PKCS#11 token at " + config.token() + " of " + config.library() + ": " + what);
  }
}
