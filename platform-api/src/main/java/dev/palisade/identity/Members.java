package dev.palisade.identity;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.TenantDatabases;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Members of an organization, stored in that organization's database. */
@Singleton
public final class Members {
  private static final String COLUMNS = "id, email, role, status, created_at, updated_at";
  final AccountStore accounts = new AccountStore("members");
  private final TenantDatabases databases;

  Members(TenantDatabases databases) {
    this.databases = databases;
  }

  Connection connection(Organization org) throws SQLException {
    return databases.connection(org);
  }

  Optional<Caller> findActiveCaller(Organization org, UUID id) {
    try (Connection c = databases.connection(org);
        PreparedStatement ps =
            c.prepareStatement(
                "select email, role from members where id = ? and status = 'active'")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Role role = Role.parse(rs.getString(2)).orElseThrow();
        return Optional.of(new Caller(Caller.Kind.MEMBER, id, rs.getString(1), org.id(), role));
      }
    } catch (SQLException e) {
      throw PlatformException.database("database error", e);
    }
  }

  public List<Member> list(Organization org, String afterEmail, int limit) {
    try (Connection c = databases.connection(org);
        PreparedStatement ps =
            c.prepareStatement(
                "select "
                    + COLUMNS
                    + " from members where lower(email) > lower(?) order by lower(email) limit ?")) {
      ps.setString(1, afterEmail == null ? "" : afterEmail);
      ps.setInt(2, limit);
      List<Member> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw PlatformException.database("database error", e);
    }
  }

  public Member get(Organization org, UUID id) {
    try (Connection c = databases.connection(org)) {
      return find(c, id)
          .orElseThrow(() -> new PlatformException(ErrorCode.NOT_FOUND, "member not found"));
    } catch (SQLException e) {
      throw PlatformException.database("database error", e);
    }
  }

  static Optional<Member> find(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select " + COLUMNS + " from members where id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  /** Locks the row for the rest of the caller's transaction. */
  static Optional<Member> findForUpdate(Connection c, UUID id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select " + COLUMNS + " from members where id = ? for update")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    }
  }

  static boolean emailTaken(Connection c, String email) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("select 1 from members where lower(email) = lower(?)")) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Active admins other than {@code except}; used to keep at least one admin. */
  static int otherActiveAdmins(Connection c, UUID except) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select count(*) from members where role = 'admin' and status = 'active' and id <> ?")) {
      ps.setObject(1, except);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static void insert(Connection c, UUID id, String email, String hash, Role role)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into members (id, email, password_hash, role) values (?, ?, ?, ?)")) {
      ps.setObject(1, id);
      ps.setString(2, email);
      ps.setString(3, hash);
      ps.setString(4, role.value());
      ps.executeUpdate();
    }
  }

  static void update(Connection c, UUID id, String setClause, String value) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update members set " + setClause + ", updated_at = now() where id = ?")) {
      ps.setString(1, value);
      ps.setObject(2, id);
      ps.executeUpdate();
    }
  }

  private static Member map(ResultSet rs) throws SQLException {
    return new Member(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).toInstant(),
        rs.getTimestamp(6).toInstant());
  }
}
