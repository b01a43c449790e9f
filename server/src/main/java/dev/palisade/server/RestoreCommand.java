package dev.palisade.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.backup.BackupConfig;
import dev.palisade.backup.BackupS3Config;
import dev.palisade.backup.Restore;
import dev.palisade.net.NetConfig;
import dev.palisade.net.OutboundGuard;
import dev.palisade.net.SystemResolver;
import dev.palisade.tenancy.DatabaseConfig;
import dev.palisade.tenancy.DriverProperties;
import dev.palisade.tenancy.JdbcUrls;
import dev.palisade.tenancy.embedded.EmbeddedDatabaseServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.type.Argument;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code java -jar palisade-server.jar restore --backup <dir | s3://bucket/prefix/id> [--database
 * <name>] [--replace] [--public-key <file>]}: restores a backup into the PostgreSQL server the
 * server itself is configured with (the same settings, read the same way, from {@code
 * PALISADE_DATABASE_URL} and friends), without starting the server. With no database URL it
 * restores into the embedded PostgreSQL under {@code PALISADE_HOME/postgres}, started for the time
 * of the restore. Progress goes to standard output; a refusal is one line on standard error and the
 * exit code of {@link Restore} (64 usage, 65 bad backup, 66 no backup, 69 server unavailable, 70
 * restore failed, 73 database exists, 78 configuration).
 */
final class RestoreCommand {
  static final String USAGE =
      "usage: restore --backup <directory | s3://bucket/prefix/backup-id> [--database <name>]"
          + " [--replace] [--public-key <file>]";

  private RestoreCommand() {}

  /** Runs the command with {@code args} (after {@code restore}); returns the exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Restore.Request request;
    try {
      request = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("palisade restore: " + e.getMessage());
      err.println(USAGE);
      return Restore.USAGE;
    }
    try (ApplicationContext settings =
        ApplicationContext.builder()
            .environmentVariableExcludes(Settings.emptyVariables(env))
            .properties(PalisadeServer.defaults(env))
            .build()) {
      Environment e = settings.getEnvironment();
      e.start();
      restore(request, e, line -> out.println("palisade restore: " + line));
      return Restore.RESTORED;
    } catch (Restore.Refused refused) {
      err.println("palisade restore: refused: " + refused.getMessage());
      return refused.exitCode();
    } catch (ConfigurationException | IllegalArgumentException e) {
      err.println("palisade restore: configuration error: " + e.getMessage());
      return Restore.CONFIGURATION;
    } finally {
      out.flush();
      err.flush();
    }
  }

  static Restore.Request parse(String[] args) {
    String backup = null;
    String database = null;
    String key = null;
    boolean replace = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--replace" -> replace = true;
        case "--backup", "--database", "--public-key" -> {
          if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
            throw new IllegalArgumentException(a + " needs a value");
          }
          String v = args[++i];
          if (a.equals("--backup")) {
            backup = v;
          } else if (a.equals("--database")) {
            database = v;
          } else {
            key = v;
          }
        }
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (backup == null) {
      throw new IllegalArgumentException("--backup is required");
    }
    return new Restore.Request(backup, database, replace, key == null ? null : Path.of(key));
  }

  private static void restore(
      Restore.Request request, Environment e, java.util.function.Consumer<String> out) {
    Path home = Path.of(text(e, "palisade.home", "./var")).toAbsolutePath().normalize();
    DatabaseConfig db = database(e);
    EmbeddedPostgres embedded = null;
    try {
      Restore.Target target;
      if (db.url() == null) {
        out.accept("no palisade.database.url: restoring into the embedded PostgreSQL in " + home);
        embedded = EmbeddedDatabaseServer.cluster(home.resolve("postgres"));
        target =
            new Restore.Target(
                EmbeddedDatabaseServer.installUrl(embedded),
                DriverProperties.of(db, EmbeddedDatabaseServer.USER, null),
                "embedded PostgreSQL on 127.0.0.1:" + embedded.getPort());
      } else {
        target =
            new Restore.Target(
                db.url(),
                DriverProperties.of(db, db.user(), db.password()),
                JdbcUrls.redact(db.url()).replaceAll("(?i)([?&]user=)[^&]*", "$1***"));
      }
      OutboundGuard guard =
          new OutboundGuard(
              new NetConfig(
                  e.getProperty("palisade.net.allow", Argument.listOf(String.class)).orElse(null)),
              new SystemResolver(),
              new SimpleMeterRegistry(),
              ApplicationEventPublisher.noOp());
      new Restore(target, backup(e), s3(e), home, guard, new ObjectMapper(), out).run(request);
    } finally {
      if (embedded != null) {
        try {
          embedded.close();
        } catch (IOException ex) {
          out.accept("the embedded PostgreSQL did not stop cleanly: " + ex.getMessage());
        }
      }
    }
  }

  private static DatabaseConfig database(Environment e) {
    return new DatabaseConfig(
        optional(e, "palisade.database.url"),
        optional(e, "palisade.database.user"),
        optional(e, "palisade.database.password"),
        text(e, "palisade.database.tenant-prefix", "palisade_org_"),
        10,
        4,
        null,
        Duration.ofSeconds(60),
        duration(e, "palisade.database.connect-timeout", Duration.ofSeconds(5)),
        duration(e, "palisade.database.acquire-timeout", Duration.ofSeconds(10)));
  }

  private static BackupConfig backup(Environment e) {
    int jobs = e.getProperty("palisade.backup.jobs", Integer.class).orElse(2);
    if (jobs < 1 || jobs > 32) {
      throw new ConfigurationException("palisade.backup.jobs (PALISADE_BACKUP_JOBS) must be 1-32");
    }
    return new BackupConfig(
        optional(e, "palisade.backup.directory"),
        text(e, "palisade.backup.pg-dump", "/usr/bin/pg_dump"),
        text(e, "palisade.backup.pg-restore", "/usr/bin/pg_restore"),
        jobs,
        7,
        Duration.ofDays(7),
        false,
        null,
        Duration.ofSeconds(20));
  }

  private static BackupS3Config s3(Environment e) {
    return new BackupS3Config(
        optional(e, "palisade.backup.s3.bucket"),
        optional(e, "palisade.backup.s3.region"),
        optional(e, "palisade.backup.s3.endpoint"),
        optional(e, "palisade.backup.s3.prefix"),
        e.getProperty("palisade.backup.s3.path-style", Boolean.class).orElse(false),
        optional(e, "palisade.backup.s3.access-key-id"),
        optional(e, "palisade.backup.s3.secret-access-key"));
  }

  private static String optional(Environment e, String name) {
    return e.getProperty(name, String.class).filter(v -> !v.isBlank()).orElse(null);
  }

  private static String text(Environment e, String name, String fallback) {
    String v = optional(e, name);
    return v == null ? fallback : v;
  }

  private static Duration duration(Environment e, String name, Duration fallback) {
    return e.getProperty(name, Duration.class).orElse(fallback);
  }
}
