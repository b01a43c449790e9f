package dev.palisade.backup;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.JdbcUrls;
import dev.palisade.tenancy.Migrations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The database side of the {@code restore} command: which databases exist, and restoring dumps with
 * {@code pg_restore} into staging databases that are put in place (renamed) only once every one
 * restored. Administrative statements run on the server's {@code postgres} database (else {@code
 * template1}), as the configured user, who must be allowed to create databases.
 */
final class RestoreDatabases {
  private static final List<String> MAINTENANCE = List.of("postgres", "template1");

  private final Restore.Target target;
  private final BackupConfig config;
  private final Consumer<String> out;

  RestoreDatabases(Restore.Target target, BackupConfig config, Consumer<String> out) {
    this.target = target;
    this.config = config;
    this.out = out;
  }

  /** Those of {@code names} that exist on the server, in the order given. */
  List<String> existing(Collection<String> names) {
    List<String> found =
        admin(
            h ->
                h.createQuery("select datname from pg_database where datname = any(:names)")
                    .bindArray("names", String.class, names)
                    .mapTo(String.class)
                    .list());
    List<String> ordered = new ArrayList<>();
    for (String name : names) {
      if (found.contains(name)) {
        ordered.add(name);
      }
    }
    return ordered;
  }

  /**
   * Restores each of {@code chosen} (by the name it gets) into a staging database, then drops those
   * of {@code replaced} and renames the staging databases into place.
   */
  void restore(
      Path dir, UUID backupId, Map<String, Manifest.Database> chosen, List<String> replaced) {
    Map<String, String> staged = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Manifest.Database> e : chosen.entrySet()) {
        String staging = Restore.stagingName();
        admin(h -> h.execute("create database \"" + staging + "\""));
        staged.put(e.getKey(), staging);
        restoreInto(dir, e.getKey(), e.getValue(), staging);
      }
    } catch (RuntimeException e) {
      staged.values().forEach(this::dropQuietly);
      throw e;
    }
    List<String> inPlace = new ArrayList<>();
    for (Map.Entry<String, String> e : List.copyOf(staged.entrySet())) {
      String name = e.getKey();
      try {
        admin(
            h -> {
              if (replaced.contains(name)) {
                h.execute("drop database if exists \"" + name + "\" with (force)");
              }
              return h.execute(
                  "alter database \"" + e.getValue() + "\" rename to \"" + name + "\"");
            });
      } catch (Restore.Refused failure) {
        throw new Restore.Refused(
            Restore.FAILED,
            name
                + " could not be put in place ("
                + failure.getMessage()
                + "); in place: "
                + (inPlace.isEmpty() ? "none" : String.join(", ", inPlace))
                + "; still staged: "
                + String.join(", ", staged.values()));
      }
      inPlace.add(name);
      staged.remove(name);
      out.accept((replaced.contains(name) ? "replaced " : "created ") + name);
    }
  }

  private void restoreInto(Path dir, String name, Manifest.Database db, String staging) {
    out.accept(
        "restoring "
            + db.name()
            + " ("
            + (Manifest.INSTALL.equals(db.role())
                ? "install database"
                : "organization " + db.organizationSlug())
            + ") as "
            + name);
    long t0 = System.nanoTime();
    PgTarget pg = PgTarget.of(target.installUrl(), target.connection());
    List<String> command = new ArrayList<>();
    command.add(config.pgRestore());
    command.addAll(PgTools.connection(pg, staging));
    command.add("--jobs=" + config.jobs());
    command.add("--no-owner");
    command.add("--no-acl");
    command.add("--exit-on-error");
    command.add(dir.resolve(db.directory()).toString());
    PgTools.Result r;
    try {
      r = PgTools.run(command, pg, () -> false);
    } catch (PlatformException e) {
      throw new Restore.Refused(
          Restore.FAILED, config.pgRestore() + " cannot be run: " + e.getMessage());
    }
    if (r.exit() != 0) {
      throw new Restore.Refused(
          Restore.FAILED,
          "pg_restore of "
              + name
              + " failed (exit "
              + r.exit()
              + "): "
              + r.tail(600)
              + "; nothing was replaced");
    }
    String version = on(staging, Migrations::appliedVersion);
    if (!version.equals(db.schemaVersion())) {
      throw new Restore.Refused(
          Restore.FAILED,
          "the restored "
              + name
              + " is at schema version "
              + version
              + ", the manifest says "
              + db.schemaVersion()
              + "; nothing was replaced");
    }
    out.accept(
        "  restored in " + (System.nanoTime() - t0) / 1_000_000 + " ms, schema version " + version);
  }

  private void dropQuietly(String staging) {
    if (staging == null) {
      return;
    }
    try {
      admin(h -> h.execute("drop database if exists \"" + staging + "\" with (force)"));
    } catch (Restore.Refused e) {
      out.accept("could not drop the staging database " + staging + ": drop it by hand");
    }
  }

  private <T> T on(String database, HandleCallback<T, RuntimeException> work) {
    try (Handle h =
        Jdbi.open(JdbcUrls.withDatabase(target.installUrl(), database), target.connection())) {
      return work.withHandle(h);
    } catch (JdbiException e) {
      throw new Restore.Refused(
          Restore.UNAVAILABLE,
          "cannot use database " + database + ": SQLSTATE " + PlatformException.sqlState(e));
    }
  }

  /** Runs {@code work} on a maintenance database of the server. */
  private <T> T admin(HandleCallback<T, RuntimeException> work) {
    Restore.Refused last = null;
    for (String maintenance : MAINTENANCE) {
      try {
        return on(maintenance, work);
      } catch (Restore.Refused e) {
        last = e;
        if (!e.getMessage().endsWith("SQLSTATE 3D000")) {
          break;
        }
      }
    }
    throw last;
  }
}
