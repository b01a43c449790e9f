package dev.palisade.keys;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyrings of data keys, one per database scope (the install, each organization), stored in that
 * database's {@code keyring_versions} table wrapped by the key provider.
 *
 * <p>Unwrapped keys are kept in memory for at most the cache TTL and never written or logged. A
 * provider failure surfaces as a {@link PlatformException} and the caller fails closed.
 */
@Singleton
public final class Keyrings {
  private final OrgKeyProviders providers;
  private final ProviderHealth health;
  private final long ttlNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Integer> currentVersion = new ConcurrentHashMap<>();

  /** Opens a connection to the database that holds a keyring. */
  public interface Database {
    Connection open() throws SQLException;
  }

  /** The key new data is sealed with. */
  public record ActiveKey(int version, SecretKey key) {
    @Override
    public String toString() {
      return "ActiveKey[version=" + version + "]";
    }
  }

  /** A keyring version as listed to administrators: no key material. */
  public record VersionInfo(
      int version, String provider, String kekId, String kekVersion, String createdAt) {}

  private record Cached(SecretKey key, long expiresAt) {}

  public Keyrings(
      OrgKeyProviders providers,
      ProviderHealth health,
      @Value("${palisade.keys.cache-ttl:5m}") Duration cacheTtl) {
    this.providers = providers;
    this.health = health;
    this.ttlNanos = cacheTtl.toNanos();
  }

  /** The provider that wraps the keyring of {@code scope}. */
  public KeyProvider provider(String scope, Database db) {
    return providers.providerFor(scope, db);
  }

  /** The current key of {@code scope}; creates version 1 on first use. */
  public ActiveKey current(String scope, Database db) {
    Integer known = currentVersion.get(scope);
    if (known != null) {
      Cached c = cache.get(scope + ":" + known);
      if (c != null && c.expiresAt > System.nanoTime()) {
        return new ActiveKey(known, c.key);
      }
    }
    try (Connection c = db.open()) {
      int version = latestVersion(c);
      if (version == 0) {
        version = createVersion(c, scope, 1);
      }
      currentVersion.put(scope, version);
      return new ActiveKey(version, load(c, scope, version));
    } catch (SQLException e) {
      throw PlatformException.database("keyring unavailable", e);
    }
  }

  /** A specific version, to open data sealed under it. */
  public SecretKey key(String scope, Database db, int version) {
    Cached cached = cache.get(scope + ":" + version);
    if (cached != null && cached.expiresAt > System.nanoTime()) {
      return cached.key;
    }
    try (Connection c = db.open()) {
      return load(c, scope, version);
    } catch (SQLException e) {
      throw PlatformException.database("keyring unavailable", e);
    }
  }

  /**
   * Adds a new version and re-wraps the older ones under the provider's current key-encryption key,
   * inside the caller's transaction. Sealed data is not touched. Returns the new version.
   */
  public int rotate(String scope, Connection c) throws SQLException {
    try (PreparedStatement lock =
        c.prepareStatement("lock table keyring_versions in exclusive mode")) {
      lock.execute();
    }
    int next = latestVersion(c) + 1;
    int created = createVersion(c, scope, next);
    List<int[]> older = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select version from keyring_versions where version < ? order by 1");
        ResultSet rs = bind(ps, next).executeQuery()) {
      while (rs.next()) {
        older.add(new int[] {rs.getInt(1)});
      }
    }
    for (int[] v : older) {
      KeyProvider provider = providers.providerFor(scope, c);
      WrappedKey wrapped = wrapped(c, v[0]);
      WrappedKey fresh = provider.rewrap(wrapped, context(scope, v[0]));
      store(c, v[0], fresh);
    }
    currentVersion.remove(scope);
    return created;
  }

  /**
   * Re-wraps every version of the keyring of {@code scope} under {@code target}, inside the
   * caller's transaction (used when an organization changes key provider). Key material and sealed
   * data are unchanged.
   */
  public int rewrapAll(String scope, Connection c, KeyProvider target) throws SQLException {
    try (PreparedStatement lock =
        c.prepareStatement("lock table keyring_versions in exclusive mode")) {
      lock.execute();
    }
    KeyProvider current = providers.providerFor(scope, c);
    List<Integer> versions = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("select version from keyring_versions order by 1");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    for (int v : versions) {
      byte[] key = current.unwrap(wrapped(c, v), context(scope, v));
      try {
        store(c, v, target.wrap(key, context(scope, v)));
      } finally {
        java.util.Arrays.fill(key, (byte) 0);
      }
    }
    return versions.size();
  }

  private static void store(Connection c, int version, WrappedKey fresh) throws SQLException {
    {
      try (PreparedStatement ps =
          c.prepareStatement(
              "update keyring_versions set provider = ?, kek_id = ?, kek_version = ?,"
                  + " wrapped_key = ?, rewrapped_at = now() where version = ?")) {
        ps.setString(1, fresh.provider());
        ps.setString(2, fresh.keyId());
        ps.setString(3, fresh.kekVersion());
        ps.setBytes(4, fresh.ciphertext());
        ps.setInt(5, version);
        ps.executeUpdate();
      }
    }
  }

  public List<VersionInfo> versions(Connection c) throws SQLException {
    List<VersionInfo> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "select version, provider, kek_id, kek_version, created_at from keyring_versions"
                    + " order by version");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new VersionInfo(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant().toString()));
      }
    }
    return out;
  }

  private SecretKey load(Connection c, String scope, int version) throws SQLException {
    KeyProvider provider = providers.providerFor(scope, c);
    WrappedKey wrapped = wrapped(c, version);
    byte[] raw;
    try {
      raw = provider.unwrap(wrapped, context(scope, version));
    } catch (PlatformException e) {
      health.unavailable(scope, provider.type(), e);
      throw e;
    }
    health.available(scope);
    try {
      SecretKey key = new SecretKeySpec(raw, "AES");
      cache.put(scope + ":" + version, new Cached(key, System.nanoTime() + ttlNanos));
      return key;
    } finally {
      java.util.Arrays.fill(raw, (byte) 0);
    }
  }

  private int createVersion(Connection c, String scope, int version) throws SQLException {
    KeyProvider provider = providers.providerFor(scope, c);
    DataKey key;
    try {
      key = provider.generate(context(scope, version));
    } catch (PlatformException e) {
      health.unavailable(scope, provider.type(), e);
      throw e;
    }
    health.available(scope);
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into keyring_versions (version, provider, kek_id, kek_version, wrapped_key)"
                + " values (?, ?, ?, ?, ?) on conflict (version) do nothing")) {
      WrappedKey w = key.wrapped();
      ps.setInt(1, version);
      ps.setString(2, w.provider());
      ps.setString(3, w.keyId());
      ps.setString(4, w.kekVersion());
      ps.setBytes(5, w.ciphertext());
      ps.executeUpdate();
    } finally {
      key.destroy();
    }
    return version;
  }

  private static WrappedKey wrapped(Connection c, int version) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "select provider, kek_id, kek_version, wrapped_key from keyring_versions"
                    + " where version = ?");
        ResultSet rs = bind(ps, version).executeQuery()) {
      if (!rs.next()) {
        throw new PlatformException(
            ErrorCode.INTERNAL, "keyring version " + version + " is missing");
      }
      return new WrappedKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4));
    }
  }

  private static int latestVersion(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("select coalesce(max(version), 0) from keyring_versions");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static PreparedStatement bind(PreparedStatement ps, int v) throws SQLException {
    ps.setInt(1, v);
    return ps;
  }

  static byte[] context(String scope, int version) {
    return ("palisade:keyring:" + scope + ":v" + version).getBytes(StandardCharsets.UTF_8);
  }
}
