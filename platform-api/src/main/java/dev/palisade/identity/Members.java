package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** The {@code members} table of an organization's database. */
@Singleton
public final class Members {
  private static final String COLUMNS = "id, email, role, status, created_at, updated_at";
  private static final RowMapper<Member> ROW =
      (rs, ctx) ->
          new Member(
              rs.getObject("id", UUID.class),
              rs.getString("email"),
              rs.getString("role"),
              rs.getString("status"),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant());

  private final Databases databases;

  Members(Databases databases) {
    this.databases = databases;
  }

  Optional<Caller> findActiveCaller(Organization org, UUID id, int epoch, UUID jti) {
    return databases.read(
        Scope.of(org),
        h ->
            h.createQuery(
                    "select email, role, "
                        + MfaStore.ACTIVE_COLUMN
                        + " from members where id = :id and status = 'active'"
                        + " and token_epoch = :epoch"
                        + RevokedTokens.NOT_REVOKED)
                .bind("id", id)
                .bind("epoch", epoch)
                .bind("jti", jti)
                .map(
                    (rs, ctx) ->
                        new Caller(
                            Caller.Kind.MEMBER,
                            id,
                            rs.getString(1),
                            org.id(),
                            Role.parse(rs.getString(2)).orElseThrow(),
                            rs.getBoolean(3)))
                .findOne());
  }

  public List<Member> list(Organization org, String afterEmail, int limit) {
    return databases.read(
        Scope.of(org),
        h ->
            h.createQuery(
                    "select "
                        + COLUMNS
                        + " from members where lower(email) > lower(:after)"
                        + " order by lower(email) limit :limit")
                .bind("after", afterEmail == null ? "" : afterEmail)
                .bind("limit", limit)
                .map(ROW)
                .list());
  }

  public Member get(Organization org, UUID id) {
    return databases
        .read(Scope.of(org), h -> find(h, id))
        .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "member not found"));
  }

  static Optional<Member> find(Handle h, UUID id) {
    return h.createQuery("select " + COLUMNS + " from members where id = :id")
        .bind("id", id)
        .map(ROW)
        .findOne();
  }

  /** Locks the row for the rest of the caller's transaction. */
  static Optional<Member> findForUpdate(Handle h, UUID id) {
    return h.createQuery("select " + COLUMNS + " from members where id = :id for update")
        .bind("id", id)
        .map(ROW)
        .findOne();
  }

  static boolean emailTaken(Handle h, String email) {
    return h.createQuery("select count(*) > 0 from members where lower(email) = lower(:email)")
        .bind("email", email)
        .mapTo(Boolean.class)
        .one();
  }

  static int active(Handle h) {
    return h.createQuery("select count(*) from members where status = 'active'")
        .mapTo(Integer.class)
        .one();
  }

  /** Active admins other than {@code except}; used to keep at least one admin. */
  static int otherActiveAdmins(Handle h, UUID except) {
    return h.createQuery(
            "select count(*) from members where role = 'admin' and status = 'active'"
                + " and id <> :except")
        .bind("except", except)
        .mapTo(Integer.class)
        .one();
  }

  static void insert(Handle h, UUID id, String email, String hash, Role role) {
    h.createUpdate(
            "insert into members (id, email, password_hash, role)"
                + " values (:id, :email, :hash, :role)")
        .bind("id", id)
        .bind("email", email)
        .bind("hash", hash)
        .bind("role", role.value())
        .execute();
  }

  /** Changes the role and moves the token epoch on: tokens issued before are refused. */
  static void setRole(Handle h, UUID id, Role role, Instant now) {
    h.createUpdate(
            "update members set role = :role, updated_at = :now,"
                + " token_epoch = token_epoch + 1 where id = :id")
        .bind("role", role.value())
        .bind("now", now)
        .bind("id", id)
        .execute();
  }

  /**
   * Deactivation also moves the token epoch on, so no earlier token returns with a reactivation.
   */
  static void setActive(Handle h, UUID id, boolean active, Instant now) {
    AccountStore.MEMBERS.setActive(h, id, active, now);
  }
}
