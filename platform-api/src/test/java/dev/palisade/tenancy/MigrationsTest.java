package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.TestDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The start-up's shortcut past Flyway: the version read from the classpath listing is the one
 * Flyway finds, and a database counts as up to date only when Flyway would apply nothing.
 */
class MigrationsTest {
  private TestDatabase db;
  private Jdbi jdbi;

  @BeforeEach
  void database() {
    db = TestDatabase.create();
    jdbi = Jdbi.create(db.url());
  }

  @AfterEach
  void drop() throws Exception {
    db.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"db/install", "db/tenant"})
  void theShippedVersionIsTheNewestFlywayFinds(String location) {
    String newest = Migrations.latestVersion(flyway(location));
    assertThat(Migrations.shippedVersion(location)).contains(newest);
    assertThat(Integer.parseInt(newest)).isGreaterThan(5);
  }

  @ParameterizedTest(name = "directory entry in the jar: {0}")
  @ValueSource(booleans = {true, false})
  void readsTheVersionsFromAJar(boolean directoryEntry, @TempDir Path dir) throws Exception {
    Path jar = dir.resolve("migrations.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      if (directoryEntry) {
        out.putNextEntry(new JarEntry("db/some/"));
        out.closeEntry();
      }
      for (String name :
          List.of(
              "db/some/V2__two.sql",
              "db/some/V12__twelve.sql",
              "db/some/V9_1__nine_one.sql",
              "db/some/README.md",
              "db/some/deeper/V99__not_here.sql",
              "db/other/V50__other.sql")) {
        out.putNextEntry(new JarEntry(name));
        out.write("select 1;".getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      if (directoryEntry) {
        assertThat(Migrations.shippedVersion(loader, "db/some")).contains("12");
      } else {
        // not listable: the start-up asks Flyway instead
        assertThat(Migrations.shippedVersion(loader, "db/some")).isEmpty();
      }
      assertThat(Migrations.shippedVersion(loader, "db/other")).isEmpty();
    }
  }

  @Test
  void aDatabaseIsUpToDateOnlyWhenFlywayWouldApplyNothing() {
    String shipped = Migrations.shippedVersion("db/tenant").orElseThrow();
    assertThat(upToDate(shipped)).as("no history").isFalse();

    flyway("db/tenant").migrate();
    assertThat(upToDate(shipped)).isTrue();
    assertThat(flyway("db/tenant").migrate().migrationsExecuted).isZero();

    assertThat(upToDate(shipped + ".1")).as("a newer build").isFalse();

    jdbi.useHandle(
        h ->
            h.execute(
                "update flyway_schema_history set success = false where version = ?", shipped));
    assertThat(upToDate(shipped)).as("failed").isFalse();

    jdbi.useHandle(h -> h.execute("delete from flyway_schema_history where version = ?", shipped));
    assertThat(upToDate(shipped)).as("behind").isFalse();
  }

  private boolean upToDate(String version) {
    return jdbi.withHandle(h -> Migrations.upToDate(h, version));
  }

  private Flyway flyway(String location) {
    return Flyway.configure()
        .dataSource(db.url(), null, null)
        .locations("classpath:" + location)
        .loggers("slf4j")
        .load();
  }
}
