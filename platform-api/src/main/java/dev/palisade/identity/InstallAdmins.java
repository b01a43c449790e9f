package dev.palisade.identity;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Install admins, stored in the install database. */
@Singleton
public final class InstallAdmins {
  final AccountStore accounts = new AccountStore("install_admins");
  private final InstallDatabase install;

  InstallAdmins(InstallDatabase install) {
    this.install = install;
  }

  Optional<Caller> findActiveCaller(UUID id) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select email from install_admins where id = ? and status = 'active'")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Caller(Caller.Kind.INSTALL_ADMIN, id, rs.getString(1), null, null))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw PlatformException.database("database error", e);
    }
  }

  /** Inserts an admin inside the caller's transaction. */
  static void insert(Connection c, UUID id, String email, String passwordHash) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into install_admins (id, email, password_hash) values (?, ?, ?)")) {
      ps.setObject(1, id);
      ps.setString(2, email);
      ps.setString(3, passwordHash);
      ps.executeUpdate();
    }
  }

  InstallDatabase database() {
    return install;
  }
}
