package dev.palisade.storage;

import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The organization's {@code storage_migrations} and {@code storage_migration_items} tables. Item
 * counts are read from the items, so they are always those of the committed switches.
 */
@Singleton
public final class MigrationRuns {
  private static final String SELECT =
      "select m.id, m.source_binding_id, m.target_binding_id, m.state, m.keep_sources,"
          + " m.created_at, m.started_at, m.finished_at, m.last_error,"
          + " (select count(*) from storage_migration_items i where i.migration_id = m.id),"
          + " (select count(*) from storage_migration_items i where i.migration_id = m.id"
          + " and i.copied),"
          + " (select count(*) from storage_migration_items i where i.migration_id = m.id"
          + " and i.state in ('verified', 'skipped')),"
          + " (select count(*) from storage_migration_items i where i.migration_id = m.id"
          + " and i.state = 'failed'),"
          + " (select coalesce(sum(size), 0) from storage_migration_items i"
          + " where i.migration_id = m.id and i.state = 'verified')"
          + " from storage_migrations m";

  private static final String ITEMS =
      "select migration_id, key, source_binding_id, source_object, target_object, size, sha256,"
          + " attempts from storage_migration_items where migration_id = :run";

  /** One object to move, as the runner sees it. */
  public record Item(
      UUID migrationId,
      String key,
      UUID sourceBindingId,
      String sourceObject,
      String targetObject,
      long size,
      String sha256,
      int attempts) {}

  /**
   * A new pending run moving every file not on {@code target} there, listed in one statement.
   * Returns the run's id.
   */
  public UUID create(Handle h, UUID source, UUID target, boolean keepSources, Instant now) {
    UUID id = UUID.randomUUID();
    h.createUpdate(
            "insert into storage_migrations (id, source_binding_id, target_binding_id, state,"
                + " keep_sources, created_at) values (:id, :source, :target, 'pending', :keep,"
                + " :now)")
        .bind("id", id)
        .bind("source", source)
        .bind("target", target)
        .bind("keep", keepSources)
        .bind("now", now)
        .execute();
    h.createUpdate(
            "insert into storage_migration_items (migration_id, key, source_binding_id,"
                + " source_object, target_object, size, sha256, state) select :id, key,"
                + " binding_id, object_name, 'objects/' || gen_random_uuid(), size, sha256,"
                + " 'pending' from storage_objects where binding_id <> :target")
        .bind("id", id)
        .bind("target", target)
        .execute();
    return id;
  }

  public Optional<MigrationRun> find(Handle h, UUID id) {
    return h.createQuery(SELECT + " where m.id = :id")
        .bind("id", id)
        .map((rs, c) -> row(rs))
        .findOne();
  }

  /** The pending or running run, if any. */
  public Optional<MigrationRun> active(Handle h) {
    return h.createQuery(SELECT + " where m.state in ('pending', 'running')")
        .map((rs, c) -> row(rs))
        .findOne();
  }

  public List<MigrationRun> recent(Handle h, int limit) {
    return h.createQuery(SELECT + " order by m.created_at desc, m.id limit :limit")
        .bind("limit", limit)
        .map((rs, c) -> row(rs))
        .list();
  }

  /** Up to {@code limit} pending items of {@code run} that are due, in key order. */
  public List<Item> due(Handle h, UUID run, Instant now, int limit) {
    return h.createQuery(
            ITEMS
                + " and state = 'pending' and (next_attempt_at is null or next_attempt_at <= :now)"
                + " order by key limit :limit")
        .bind("run", run)
        .bind("now", now)
        .bind("limit", limit)
        .map((rs, c) -> item(rs))
        .list();
  }

  public boolean anyPending(Handle h, UUID run) {
    return h.createQuery(
            "select exists (select 1 from storage_migration_items where migration_id = :run"
                + " and state = 'pending')")
        .bind("run", run)
        .mapTo(Boolean.class)
        .one();
  }

  /** Source objects of the run's verified items, after {@code after}, for removal. */
  public List<Item> verified(Handle h, UUID run, String after, int limit) {
    return h.createQuery(
            ITEMS
                + " and state = 'verified' and (:after::text is null or key > :after)"
                + " order by key limit :limit")
        .bind("run", run)
        .bind("after", after)
        .bind("limit", limit)
        .map((rs, c) -> item(rs))
        .list();
  }

  public void started(Handle h, UUID run, Instant now) {
    h.createUpdate(
            "update storage_migrations set state = 'running', started_at = coalesce(started_at,"
                + " :now) where id = :id and state = 'pending'")
        .bind("id", run)
        .bind("now", now)
        .execute();
  }

  /** Records an item's end state ({@code verified}, {@code skipped}, {@code failed}). */
  public void settle(Handle h, Item item, String state, boolean copied, String error) {
    h.createUpdate(
            "update storage_migration_items set state = :state, copied = copied or :copied,"
                + " attempts = attempts + 1, last_error = :error where migration_id = :run"
                + " and key = :key")
        .bind("state", state)
        .bind("copied", copied)
        .bind("error", error)
        .bind("run", item.migrationId())
        .bind("key", item.key())
        .execute();
    if (error != null) {
      lastError(h, item.migrationId(), error);
    }
  }

  /** Records a failed attempt to be retried at {@code next}. */
  public void retryAt(Handle h, Item item, boolean copied, String error, Instant next) {
    h.createUpdate(
            "update storage_migration_items set attempts = attempts + 1, copied = copied or :copied,"
                + " next_attempt_at = :next, last_error = :error where migration_id = :run"
                + " and key = :key")
        .bind("copied", copied)
        .bind("next", next)
        .bind("error", error)
        .bind("run", item.migrationId())
        .bind("key", item.key())
        .execute();
    lastError(h, item.migrationId(), error);
  }

  private static void lastError(Handle h, UUID run, String error) {
    h.createUpdate("update storage_migrations set last_error = :e where id = :id")
        .bind("e", error)
        .bind("id", run)
        .execute();
  }

  /** Ends an active run in {@code state}; returns whether it was still active. */
  public boolean finish(Handle h, UUID run, String state, Instant now) {
    return h.createUpdate(
                "update storage_migrations set state = :state, finished_at = :now where id = :id"
                    + " and state in ('pending', 'running')")
            .bind("state", state)
            .bind("now", now)
            .bind("id", run)
            .execute()
        == 1;
  }

  private static Item item(ResultSet rs) throws SQLException {
    return new Item(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        rs.getString(7),
        rs.getInt(8));
  }

  private static MigrationRun row(ResultSet rs) throws SQLException {
    long total = rs.getLong(10);
    long verified = rs.getLong(12);
    long failed = rs.getLong(13);
    return new MigrationRun(
        rs.getObject(1, UUID.class),
        rs.getObject(2, UUID.class),
        rs.getObject(3, UUID.class),
        rs.getString(4),
        rs.getBoolean(5),
        new MigrationRun.Items(total, rs.getLong(11), verified, failed, total - verified - failed),
        rs.getLong(14),
        instant(rs.getTimestamp(6)),
        instant(rs.getTimestamp(7)),
        instant(rs.getTimestamp(8)),
        rs.getString(9));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
