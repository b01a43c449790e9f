package dev.palisade.identity;

import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The {@code install_admins} table of the install database; the backup probe account ({@link
 * ProbeAccount}) is never listed or found here.
 */
@Singleton
public final class InstallAdmins {
  private static final String COLUMNS = "id, email, status, created_at";
  private static final RowMapper<InstallAdmin> ROW =
      (rs, ctx) ->
          new InstallAdmin(
              rs.getObject("id", UUID.class),
              rs.getString("email"),
              rs.getString("status"),
              rs.getTimestamp("created_at").toInstant());

  private final Jdbi install;

  InstallAdmins(Databases databases) {
    this.install = databases.install();
  }

  Optional<Caller> findActiveCaller(UUID id, int epoch, UUID jti) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select email, "
                        + MfaStore.ACTIVE_COLUMN
                        + " from install_admins where id = :id and status = 'active'"
                        + " and token_epoch = :epoch"
                        + RevokedTokens.NOT_REVOKED)
                .bind("id", id)
                .bind("epoch", epoch)
                .bind("jti", jti)
                .map(
                    (rs, ctx) ->
                        new Caller(
                            Caller.Kind.INSTALL_ADMIN,
                            id,
                            rs.getString(1),
                            null,
                            null,
                            rs.getBoolean(2)))
                .findOne());
  }

  /** Inserts an admin inside the caller's transaction. */
  static void insert(Handle h, UUID id, String email, String passwordHash) {
    h.createUpdate(
            "insert into install_admins (id, email, password_hash) values (:id, :email, :hash)")
        .bind("id", id)
        .bind("email", email)
        .bind("hash", passwordHash)
        .execute();
  }

  /** A page of install admins sorted by e-mail (case-insensitive), after {@code afterEmail}. */
  public List<InstallAdmin> list(String afterEmail, int limit) {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select "
                        + COLUMNS
                        + " from install_admins where lower(email) > lower(:after) and "
                        + AccountStore.NOT_PROBE
                        + " order by lower(email) limit :limit")
                .bind("after", afterEmail == null ? "" : afterEmail)
                .bind("limit", limit)
                .map(ROW)
                .list());
  }

  static Optional<InstallAdmin> find(Handle h, UUID id) {
    return h.createQuery(
            "select "
                + COLUMNS
                + " from install_admins where id = :id and "
                + AccountStore.NOT_PROBE)
        .bind("id", id)
        .map(ROW)
        .findOne();
  }

  static boolean emailTaken(Handle h, String email) {
    return h.createQuery(
            "select count(*) > 0 from install_admins where lower(email) = lower(:email)")
        .bind("email", email)
        .mapTo(Boolean.class)
        .one();
  }

  /**
   * Locks the rows of every active admin, in id order, and returns their ids. Two deactivations at
   * once queue here; the second sees the first one's result, so the last active admin stays.
   */
  static List<UUID> lockActive(Handle h) {
    return h.createQuery(
            "select id from install_admins where status = 'active' order by id for update")
        .mapTo(UUID.class)
        .list();
  }
}
