package dev.palisade.tenancy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/** Helpers for comparing a database's schema version with the one this build ships. */
public final class Migrations {
  private Migrations() {}

  /** The highest version among the migrations Flyway found on the classpath. */
  static String latestVersion(Flyway flyway) {
    return Arrays.stream(flyway.info().all())
        .map(MigrationInfo::getVersion)
        .filter(v -> v != null)
        .max(Comparator.naturalOrder())
        .map(MigrationVersion::getVersion)
        .orElse("0");
  }

  /** The highest successfully applied version, or "0" when the history table is missing. */
  public static String appliedVersion(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      try (ResultSet exists =
          st.executeQuery("select to_regclass('flyway_schema_history') is not null")) {
        exists.next();
        if (!exists.getBoolean(1)) {
          return "0";
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "select version from flyway_schema_history where success and version is not null")) {
        MigrationVersion max = MigrationVersion.fromVersion("0");
        while (rs.next()) {
          MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
          if (v.compareTo(max) > 0) {
            max = v;
          }
        }
        return max.getVersion();
      }
    }
  }
}
