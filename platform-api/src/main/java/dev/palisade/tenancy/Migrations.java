package dev.palisade.tenancy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.jdbi.v3.core.Handle;

/** Compares a database's schema version with the one this build ships. */
public final class Migrations {
  /** A versioned migration's file name: {@code V<version>__<description>.sql}. */
  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__[^/]*\\.sql");

  /** Per jar, the newest versioned migration of each of its directories. */
  private static final Map<String, Map<String, MigrationVersion>> JARS = new ConcurrentHashMap<>();

  private Migrations() {}

  /**
   * The highest version among the versioned migrations ({@code V<version>__*.sql}) in the classpath
   * directory {@code location} (such as {@code db/install}), read from the jar's or directory's
   * listing without parsing a file: the newest version Flyway would find there (a test holds the
   * two to the same answer), which the start-up compares with the database's to skip Flyway. Empty
   * when there is no versioned migration or the directory cannot be listed.
   */
  static Optional<String> shippedVersion(String location) {
    return shippedVersion(Migrations.class.getClassLoader(), location);
  }

  /**
   * {@link #shippedVersion(String)} as {@code loader} sees {@code location}; empty when the
   * directory cannot be listed (a jar without an entry for it), and then Flyway is asked.
   */
  static Optional<String> shippedVersion(ClassLoader loader, String location) {
    URL url = loader.getResource(location);
    if (url == null) {
      return Optional.empty();
    }
    String directory = location.replaceAll("/+$", "");
    try {
      Map<String, MigrationVersion> newest;
      if (url.getProtocol().equals("jar")) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        // one pass over the jar for every location asked for (install and tenant)
        newest = JARS.computeIfAbsent(connection.getJarFileURL().toString(), k -> scan(connection));
      } else {
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
          newest = newestByDirectory(files.map(f -> directory + "/" + f.getFileName()));
        }
      }
      return Optional.ofNullable(newest.get(directory)).map(MigrationVersion::getVersion);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list classpath:" + location, e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot list classpath:" + location, e);
    }
  }

  /** The newest versioned migration of every directory of the jar behind {@code connection}. */
  private static Map<String, MigrationVersion> scan(JarURLConnection connection) {
    // a JarFile of its own, closed here, rather than one cached open for the process
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      return newestByDirectory(jar.stream().map(JarEntry::getName));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + connection.getJarFileURL(), e);
    }
  }

  private static Map<String, MigrationVersion> newestByDirectory(Stream<String> paths) {
    Map<String, MigrationVersion> newest = new HashMap<>();
    paths.forEach(
        path -> {
          int slash = path.lastIndexOf('/');
          Matcher m = VERSIONED.matcher(path.substring(slash + 1));
          if (slash > 0 && m.matches()) {
            newest.merge(
                path.substring(0, slash),
                MigrationVersion.fromVersion(m.group(1)),
                (a, b) -> a.compareTo(b) >= 0 ? a : b);
          }
        });
    return newest;
  }

  /**
   * The shipped version of {@code location} when the database {@code h} is on is already at it
   * ({@link #upToDate}); empty when Flyway has to run.
   */
  static Optional<String> current(Handle h, String location) {
    return shippedVersion(location).filter(version -> upToDate(h, version));
  }

  /**
   * True when the database's history says it is at exactly {@code version} and records no failed
   * migration: then Flyway would apply nothing, and the start-up need not run it (its scan and
   * validation take most of a second). Anything else (behind, ahead, a failed or missing history)
   * is left to Flyway, which migrates or refuses with its own message.
   */
  static boolean upToDate(Handle h, String version) {
    // "0" when there is no history, which no shipped version equals
    return appliedVersion(h).equals(version)
        && !h.createQuery("select count(*) > 0 from flyway_schema_history where not success")
            .mapTo(Boolean.class)
            .one();
  }

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
