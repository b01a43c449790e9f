package dev.palisade.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.install.InstallHome;
import dev.palisade.keys.awskms.AwsKmsKeysConfig;
import dev.palisade.keys.pkcs11.Pkcs11KeysConfig;
import dev.palisade.keys.vault.VaultKeysConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-managed keys: an organization may hold its key-encryption key in its own Vault, KMS or
 * PKCS#11 token. The settings are stored in the organization's database sealed by the install's
 * provider; built providers are cached per organization until the settings change.
 */
@Singleton
public final class OrgKeyProviders implements AutoCloseable {
  /** Provider types an organization may choose; {@code install} means the install's own. */
  public static final String INSTALL = "install";

  private final KeyProvider install;
  private final InstallHome home;
  private final ObjectMapper json;
  private final Map<String, KeyProvider> cache = new ConcurrentHashMap<>();

  /** {@code keys} comes first so that an unknown provider type fails the boot by name. */
  OrgKeyProviders(KeysConfig keys, KeyProvider install, InstallHome home, ObjectMapper json) {
    this.install = install;
    this.home = home;
    this.json = json;
  }

  /** The provider of {@code scope}: the organization's own when it set one, else the install's. */
  public KeyProvider providerFor(String scope, Keyrings.Database db) {
    if (!scope.startsWith("org:")) {
      return install;
    }
    KeyProvider cached = cache.get(scope);
    if (cached != null) {
      return cached;
    }
    try (Connection c = db.open()) {
      return providerFor(scope, c);
    } catch (SQLException e) {
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "keyring unavailable", e);
    }
  }

  /** The same, on a connection the caller keeps open (inside its transaction). */
  public KeyProvider providerFor(String scope, Connection c) throws SQLException {
    if (!scope.startsWith("org:")) {
      return install;
    }
    KeyProvider cached = cache.get(scope);
    if (cached != null) {
      return cached;
    }
    KeyProvider p = load(scope, c);
    cache.put(scope, p);
    return p;
  }

  private KeyProvider load(String scope, Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "select type, sealed_provider, sealed_kek_id, sealed_version, sealed_settings"
                    + " from key_provider where id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return install;
      }
      WrappedKey sealed =
          new WrappedKey(rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5));
      byte[] plain = install.unwrap(sealed, context(scope));
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = json.readValue(plain, Map.class);
        return KeyProviderFactory.create(settings(rs.getString(1), settings), home);
      } catch (IOException e) {
        throw new PlatformException(
            ErrorCode.INTERNAL, "stored key provider settings are unreadable", e);
      } finally {
        java.util.Arrays.fill(plain, (byte) 0);
      }
    }
  }

  /**
   * Typed settings from a request body; a missing or wrong value is a 422 naming {@code
   * settings.<name>}. {@code local} is refused: a key file on the server is not self-managed.
   */
  public static KeyProviderSettings settings(String type, Map<String, Object> s) {
    Map<String, Object> v = s == null ? Map.of() : s;
    try {
      return switch (type == null ? "" : type) {
        case "vault" ->
            new VaultKeysConfig(
                text(v, "address"),
                text(v, "token"),
                orDefault(text(v, "transitMount"), "transit"),
                orDefault(text(v, "keyName"), "palisade-kek"),
                text(v, "namespace"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        case "awskms" ->
            new AwsKmsKeysConfig(
                text(v, "keyId"),
                text(v, "region"),
                text(v, "endpoint"),
                text(v, "accessKeyId"),
                text(v, "secretAccessKey"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10));
        case "pkcs11" ->
            new Pkcs11KeysConfig(
                text(v, "library"),
                integer(v, "slot"),
                integer(v, "slotListIndex"),
                text(v, "pin"),
                orDefault(text(v, "keyLabel"), "palisade-kek"),
                false);
        default ->
            throw PlatformException.invalidField(
                "type", "must be one of install, vault, awskms, pkcs11");
      };
    } catch (PlatformException e) {
      String field = e.field().orElse(null);
      if (field != null && field.startsWith("palisade.keys.")) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        throw PlatformException.invalidField(
            "settings." + camel(name), e.getMessage().substring(field.length() + 2));
      }
      throw e;
    }
  }

  /** Seals {@code settings} for storage under the install's provider. */
  public WrappedKey seal(String scope, Map<String, Object> settings) {
    try {
      byte[] plain = json.writeValueAsBytes(new LinkedHashMap<>(settings));
      try {
        return install.wrap(plain, context(scope));
      } finally {
        java.util.Arrays.fill(plain, (byte) 0);
      }
    } catch (IOException e) {
      throw new PlatformException(ErrorCode.INTERNAL, "cannot encode key provider settings", e);
    }
  }

  public KeyProvider build(KeyProviderSettings settings) {
    return KeyProviderFactory.create(settings, home);
  }

  public KeyProvider install() {
    return install;
  }

  /** Forgets the cached provider of {@code scope}; the next use reloads its settings. */
  public void invalidate(String scope) {
    KeyProvider old = cache.remove(scope);
    closeQuietly(old);
  }

  private void closeQuietly(KeyProvider p) {
    if (p != null && p != install && p instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // best effort
      }
    }
  }

  private static byte[] context(String scope) {
    return ("palisade:key-provider-settings:" + scope).getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Map<String, Object> v, String name) {
    Object o = v.get(name);
    if (o == null) {
      return null;
    }
    if (!(o instanceof String s)) {
      throw PlatformException.invalidField("settings." + name, "must be a string");
    }
    return s;
  }

  private static Integer integer(Map<String, Object> v, String name) {
    Object o = v.get(name);
    if (o == null) {
      return null;
    }
    if (!(o instanceof Integer i)) {
      throw PlatformException.invalidField("settings." + name, "must be an integer");
    }
    return i;
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isBlank() ? d : v;
  }

  private static String camel(String kebab) {
    StringBuilder b = new StringBuilder();
    boolean up = false;
    for (char ch : kebab.toCharArray()) {
      if (ch == '-') {
        up = true;
      } else {
        b.append(up ? Character.toUpperCase(ch) : ch);
        up = false;
      }
    }
    return b.toString();
  }

  @PreDestroy
  @Override
  public void close() {
    cache.values().forEach(this::closeQuietly);
    cache.clear();
  }
}
