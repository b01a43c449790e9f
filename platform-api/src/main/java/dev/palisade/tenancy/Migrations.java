package dev.palisade.tenancy;

import java.util.Arrays;
import java.util.Comparator;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;

/** Compares a database's schema version with the one this build ships. */
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
  public static String appliedVersion(Handle h) {
    boolean exists =
        h.createQuery("select to_regclass('flyway_schema_history') is not null")
            .mapTo(Boolean.class)
            .one();
    if (!exists) {
      return "0";
    }
    return h
        .createQuery(
            "select version from flyway_schema_history where success and version is not null")
        .mapTo(String.class)
        .stream()
        .map(MigrationVersion::fromVersion)
        .max(Comparator.naturalOrder())
        .orElse(MigrationVersion.fromVersion("0"))
        .getVersion();
  }
}
