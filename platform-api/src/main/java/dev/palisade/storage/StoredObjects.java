package dev.palisade.storage;

import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The organization's {@code storage_objects} table: file metadata. */
@Singleton
public final class StoredObjects {
  private static final String COLUMNS =
      "key, size, sha256, content_type, binding_id, object_name, created_at";

  public Optional<StoredObject> find(Handle h, String key) {
    return h.createQuery("select " + COLUMNS + " from storage_objects where key = :key")
        .bind("key", key)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Stores {@code o}, replacing the file of the same key; returns the one it replaced. */
  public Optional<StoredObject> put(Handle h, StoredObject o) {
    Optional<StoredObject> previous =
        h.createQuery("select " + COLUMNS + " from storage_objects where key = :key for update")
            .bind("key", o.key())
            .map((rs, ctx) -> row(rs))
            .findOne();
    h.createUpdate(
            "insert into storage_objects ("
                + COLUMNS
                + ") values (:key, :size, :sha256,"
                + " :contentType, :bindingId, :objectName, :createdAt) on conflict (key) do update"
                + " set size = excluded.size, sha256 = excluded.sha256,"
                + " content_type = excluded.content_type, binding_id = excluded.binding_id,"
                + " object_name = excluded.object_name, created_at = excluded.created_at")
        .bindMethods(o)
        .execute();
    return previous;
  }

  /** Removes the file of {@code key}; returns it if there was one. */
  public Optional<StoredObject> delete(Handle h, String key) {
    return h.createQuery("delete from storage_objects where key = :key returning " + COLUMNS)
        .bind("key", key)
        .map((rs, ctx) -> row(rs))
        .findOne();
  }

  /** Files whose key starts with {@code prefix}, after {@code after}, in key order. */
  public List<StoredObject> page(Handle h, String prefix, String after, int limit) {
    return h.createQuery(
            "select "
                + COLUMNS
                + " from storage_objects where starts_with(key, :prefix)"
                + " and (:after::text is null or key > :after) order by key limit :limit")
        .bind("prefix", prefix)
        .bind("after", after)
        .bind("limit", limit)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /** Files whose content is on {@code binding}, after object name {@code after}, by object name. */
  public List<StoredObject> onBinding(Handle h, UUID binding, String after, int limit) {
    return h.createQuery(
            "select "
                + COLUMNS
                + " from storage_objects where binding_id = :b"
                + " and (:after::text is null or object_name collate \"C\" > :after)"
                + " order by object_name collate \"C\" limit :limit")
        .bind("b", binding)
        .bind("after", after)
        .bind("limit", limit)
        .map((rs, ctx) -> row(rs))
        .list();
  }

  /** Whether any file's content is on a binding other than {@code binding}. */
  public boolean anyOff(Handle h, UUID binding) {
    return h.createQuery("select exists (select 1 from storage_objects where binding_id <> :b)")
        .bind("b", binding)
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * Points {@code key} at its copy on another binding, only if it is still where the migration
   * found it; returns whether it moved.
   */
  public boolean move(Handle h, String key, UUID from, String fromName, UUID to, String toName) {
    return h.createUpdate(
                "update storage_objects set binding_id = :to, object_name = :toName where key = :key"
                    + " and binding_id = :from and object_name = :fromName")
            .bind("key", key)
            .bind("from", from)
            .bind("fromName", fromName)
            .bind("to", to)
            .bind("toName", toName)
            .execute()
        == 1;
  }

  private static StoredObject row(ResultSet rs) throws SQLException {
    return new StoredObject(
        rs.getString(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        rs.getObject(5, UUID.class),
        rs.getString(6),
        rs.getTimestamp(7).toInstant());
  }
}
