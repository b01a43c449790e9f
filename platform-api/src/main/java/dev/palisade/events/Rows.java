package dev.palisade.events;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Read-only queries on the install database for the Investigations views. */
final class Rows {
  private Rows() {}

  /** Maps the current row. */
  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static <T> List<T> query(
      InstallDatabase install, String sql, List<Object> params, Mapper<T> mapper) {
    try (Connection c = install.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  static OffsetDateTime param(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  static String time(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }

  /** {@code "install"} or {@code {id, slug}}; the slug is null if the organization is gone. */
  static Object org(ResultSet rs, String idColumn, String slugColumn) throws SQLException {
    java.util.UUID id = rs.getObject(idColumn, java.util.UUID.class);
    return id == null ? OrgRef.INSTALL : new OrgRef(id, rs.getString(slugColumn));
  }
}
