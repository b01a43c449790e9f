package dev.palisade.tenancy;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The {@code organizations} table of the install database: the registry of organizations and the
 * database each one has. It is read and written here only; other features ask this class (an
 * organization's slug for a listing, every organization for a sweep).
 */
@Singleton
public final class Organizations {
  private static final String COLUMNS =
      "id, slug, name, timezone, locale, database_name, created_at, updated_at, require_mfa";
  private static final RowMapper<Organization> ROW =
      (rs, ctx) ->
          new Organization(
              rs.getObject("id", UUID.class),
              rs.getString("slug"),
              rs.getString("name"),
              rs.getString("timezone"),
              rs.getString("locale"),
              rs.getString("database_name"),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant(),
              rs.getBoolean("require_mfa"));
  private static final int SWEEP_BATCH = 200;

  private final Jdbi install;

  Organizations(InstallDatabase install) {
    this.install = install.jdbi();
  }

  public Optional<Organization> findBySlug(String slug) {
    if (!OrgSlug.isValid(slug)) {
      return Optional.empty();
    }
    return install.withHandle(
        h ->
            h.createQuery("select " + COLUMNS + " from organizations where slug = :slug")
                .bind("slug", slug)
                .map(ROW)
                .findOne());
  }

  public Optional<Organization> findById(UUID id) {
    return install.withHandle(
        h ->
            h.createQuery("select " + COLUMNS + " from organizations where id = :id")
                .bind("id", id)
                .map(ROW)
                .findOne());
  }

  /** Up to {@code limit} organizations after {@code afterSlug} (exclusive), in slug order. */
  public List<Organization> list(String afterSlug, int limit) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select "
                        + COLUMNS
                        + " from organizations where slug > :after order by slug limit :limit")
                .bind("after", afterSlug == null ? "" : afterSlug)
                .bind("limit", limit)
                .map(ROW)
                .list());
  }

  /** Every organization in slug order, read in batches (for jobs that sweep all of them). */
  public void forEach(Consumer<Organization> action) {
    String after = null;
    while (true) {
      List<Organization> batch = list(after, SWEEP_BATCH);
      batch.forEach(action);
      if (batch.size() < SWEEP_BATCH) {
        return;
      }
      after = batch.get(batch.size() - 1).slug();
    }
  }

  public int count() {
    return install.withHandle(this::count);
  }

  /** The number of organizations as the caller's transaction sees it. */
  public int count(Handle h) {
    return h.createQuery("select count(*) from organizations").mapTo(Integer.class).one();
  }

  /** Every organization, in the caller's transaction. */
  public List<Organization> all(Handle h) {
    return h.createQuery("select " + COLUMNS + " from organizations order by slug").map(ROW).list();
  }

  /** The slugs of the given organizations; an id that is not registered is left out. */
  public Map<UUID, String> slugsOf(Collection<UUID> ids) {
    Map<UUID, String> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    install.useHandle(
        h ->
            h.createQuery("select id, slug from organizations where id = any(:ids)")
                .bind("ids", ids.toArray(new UUID[0]))
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  List<String> databaseNames() {
    return install.withHandle(
        h ->
            h.createQuery("select database_name from organizations order by slug")
                .mapTo(String.class)
                .list());
  }

  public boolean databaseNameTaken(String databaseName) {
    return install.withHandle(
        h ->
            h.createQuery("select count(*) > 0 from organizations where database_name = :name")
                .bind("name", databaseName)
                .mapTo(Boolean.class)
                .one());
  }

  /** Inserts the row in the caller's transaction; a slug already taken is a 409. */
  public void insert(Handle h, Organization org) {
    try {
      h.createUpdate(
              "insert into organizations ("
                  + COLUMNS
                  + ") values (:id, :slug, :name, :timezone, :locale, :databaseName, :createdAt,"
                  + " :updatedAt, :requireMfa)")
          .bindMethods(org)
          .execute();
    } catch (UnableToExecuteStatementException e) {
      throw conflictOr(e);
    }
  }

  /**
   * Updates slug, name, time zone, locale, the MFA requirement and updated-at in the caller's
   * transaction.
   */
  public void update(Handle h, Organization org) {
    try {
      h.createUpdate(
              "update organizations set slug = :slug, name = :name, timezone = :timezone,"
                  + " locale = :locale, require_mfa = :requireMfa, updated_at = :updatedAt"
                  + " where id = :id")
          .bindMethods(org)
          .execute();
    } catch (UnableToExecuteStatementException e) {
      throw conflictOr(e);
    }
  }

  private static RuntimeException conflictOr(UnableToExecuteStatementException e) {
    if (PlatformException.isUniqueViolation(e)) {
      return new PlatformException(ErrorCode.CONFLICT, "slug is already taken");
    }
    return e;
  }
}
