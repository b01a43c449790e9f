package dev.palisade.keys;

import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code keyring_versions} table of a scope's database: each data key, wrapped. */
final class KeyringVersions {
  private static final RowMapper<WrappedKey> WRAPPED =
      (rs, ctx) ->
          new WrappedKey(
              rs.getString("provider"),
              rs.getString("kek_id"),
              rs.getString("kek_version"),
              rs.getBytes("wrapped_key"));

  private KeyringVersions() {}

  static int latest(Handle h) {
    return h.createQuery("select coalesce(max(version), 0) from keyring_versions")
        .mapTo(Integer.class)
        .one();
  }

  static int count(Handle h) {
    return h.createQuery("select count(*) from keyring_versions").mapTo(Integer.class).one();
  }

  /** Versions in order; with {@code below}, only those below it. */
  static List<Integer> versions(Handle h, int below) {
    return h.createQuery("select version from keyring_versions where version < :below order by 1")
        .bind("below", below)
        .mapTo(Integer.class)
        .list();
  }

  static WrappedKey wrapped(Handle h, int version) {
    return h.createQuery(
            "select provider, kek_id, kek_version, wrapped_key from keyring_versions"
                + " where version = :version")
        .bind("version", version)
        .map(WRAPPED)
        .findOne()
        .orElseThrow(() -> new IllegalStateException("keyring version " + version + " is missing"));
  }

  /** Adds a version unless it exists (two instances creating version 1 at once). */
  static void insert(Handle h, int version, WrappedKey w) {
    h.createUpdate(
            "insert into keyring_versions (version, provider, kek_id, kek_version, wrapped_key)"
                + " values (:version, :provider, :keyId, :kekVersion, :ciphertext)"
                + " on conflict (version) do nothing")
        .bind("version", version)
        .bindMethods(w)
        .execute();
  }

  static void rewrap(Handle h, int version, WrappedKey w, java.time.Instant at) {
    h.createUpdate(
            "update keyring_versions set provider = :provider, kek_id = :keyId,"
                + " kek_version = :kekVersion, wrapped_key = :ciphertext, rewrapped_at = :at"
                + " where version = :version")
        .bind("version", version)
        .bind("at", at)
        .bindMethods(w)
        .execute();
  }

  /** Locks the keyring against concurrent rotation for the rest of the transaction. */
  static void lock(Handle h) {
    h.execute("lock table keyring_versions in exclusive mode");
  }

  static List<Keyrings.VersionInfo> describe(Handle h) {
    return h.createQuery(
            "select version, provider, kek_id, kek_version, created_at from keyring_versions"
                + " order by version")
        .map(
            (rs, ctx) ->
                new Keyrings.VersionInfo(
                    rs.getInt("version"),
                    rs.getString("provider"),
                    rs.getString("kek_id"),
                    rs.getString("kek_version"),
                    rs.getTimestamp("created_at").toInstant().toString()))
        .list();
  }
}
