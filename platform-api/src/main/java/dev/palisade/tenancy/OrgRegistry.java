package dev.palisade.tenancy;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code organizations} table of the install database. */
@Singleton
final class OrgRegistry {
  private static final String COLUMNS =
      "id, slug, name, timezone, locale, database_name, created_at, updated_at";

  private final InstallDatabase install;

  OrgRegistry(InstallDatabase install) {
    this.install = install;
  }

  Optional<Organization> findBy(String column, Object value) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select " + COLUMNS + " from organizations where " + column + " = ?")) {
      ps.setObject(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  List<Organization> list(String afterSlug, int limit) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select " + COLUMNS + " from organizations where slug > ? order by slug limit ?")) {
      ps.setString(1, afterSlug == null ? "" : afterSlug);
      ps.setInt(2, limit);
      List<Organization> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  int count() {
    try (Connection c = install.connection();
        PreparedStatement ps = c.prepareStatement("select count(*) from organizations");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  /** The number of organizations as the caller's transaction sees it. */
  int count(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select count(*) from organizations");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Inserts the row in the caller's transaction; a slug already taken is a 409. */
  void insert(Connection c, Organization org) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into organizations (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, org.id());
      ps.setString(2, org.slug());
      ps.setString(3, org.name());
      ps.setString(4, org.timezone());
      ps.setString(5, org.locale());
      ps.setString(6, org.databaseName());
      ps.setObject(7, java.sql.Timestamp.from(org.createdAt()));
      ps.setObject(8, java.sql.Timestamp.from(org.updatedAt()));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw conflictOr(e, "slug is already taken");
    }
  }

  void update(Connection c, Organization org) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update organizations set slug = ?, name = ?, timezone = ?, locale = ?,"
                + " updated_at = ? where id = ?")) {
      ps.setString(1, org.slug());
      ps.setString(2, org.name());
      ps.setString(3, org.timezone());
      ps.setString(4, org.locale());
      ps.setObject(5, java.sql.Timestamp.from(org.updatedAt()));
      ps.setObject(6, org.id());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw conflictOr(e, "slug is already taken");
    }
  }

  boolean databaseNameTaken(String databaseName) {
    return findBy("database_name", databaseName).isPresent();
  }

  private static Organization map(ResultSet rs) throws SQLException {
    return new Organization(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getTimestamp(7).toInstant(),
        rs.getTimestamp(8).toInstant());
  }

  static PlatformException conflictOr(SQLException e, String conflictMessage) {
    if ("23505".equals(e.getSQLState())) {
      return new PlatformException(ErrorCode.CONFLICT, conflictMessage);
    }
    return PlatformException.database("install database error", e);
  }
}
