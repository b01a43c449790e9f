package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Two installs on one PostgreSQL server with the same tenant prefix: each has its own template,
 * owns the databases it creates, and never migrates, uses or drops the other's.
 */
class TwoInstallsOnOneServerIT {
  private static String id(TestServer server) {
    return server.context().getBean(InstallId.class).value().toString();
  }

  private static void sql(TestServer server, String database, String statement) throws Exception {
    try (Connection c = server.db().connect(database);
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  @Test
  void eachInstallOwnsItsDatabasesAndACollisionIsAConflictThatSaysSo() throws Exception {
    try (TestServer a = TestServer.start()) {
      String prefix = a.db().tenantPrefix();
      try (TestServer b = TestServer.start(Map.of("palisade.database.tenant-prefix", prefix))) {
        String adminA = a.installAdmin();
        String adminB = b.installAdmin();
        // one template per install
        long templates =
            a.db()
                .count(
                    "select count(*) from pg_database where datname like '"
                        + prefix
                        + "\\_template\\_%'");
        assertThat(templates).isEqualTo(2);

        a.createOrg(adminA, "acme");
        String database = prefix + "acme";
        long aEntries = a.db().countIn(database, "select count(*) from audit_entries");
        assertThat(
                a.db()
                    .countIn(
                        database,
                        "select count(*) from palisade_install where install_id = '" + id(a) + "'"))
            .isEqualTo(1);

        Http.Response taken =
            b.http().post("/api/v1/orgs", Http.json("slug", "acme", "name", "Acme B"), adminB);
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.json().get("code").asText()).isEqualTo("conflict");
        assertThat(taken.json().get("detail").asText())
            .contains(database)
            .contains("another Palisade install")
            .contains("palisade.database.tenant-prefix");
        assertThat(b.db().count("select count(*) from organizations")).isZero();
        assertThat(b.http().get("/api/v1/orgs/acme", adminB).status()).isEqualTo(404);
        // the other install's database is intact and still served by its owner
        assertThat(a.db().countIn(database, "select count(*) from audit_entries"))
            .isEqualTo(aEntries);
        assertThat(a.http().get("/api/v1/orgs/acme/members", adminA).status()).isEqualTo(200);

        // B registers A's database (as a restore into the wrong install would): B neither migrates
        // nor uses it
        b.stop();
        sql(
            b,
            b.db().name(),
            "insert into organizations (id, slug, name, timezone, locale, database_name,"
                + " created_at, updated_at) values ('"
                + UUID.randomUUID()
                + "', 'stolen', 'Stolen', 'UTC', 'en', '"
                + database
                + "', now(), now())");
        // one migration behind, so that an install that did migrate it would change its history
        sql(
            a,
            database,
            "delete from flyway_schema_history where installed_rank ="
                + " (select max(installed_rank) from flyway_schema_history)");
        long history = a.db().countIn(database, "select count(*) from flyway_schema_history");
        try (TestServer b2 =
            TestServer.restart(
                b.db(), b.home(), Map.of("palisade.database.tenant-prefix", prefix))) {
          assertThat(a.db().countIn(database, "select count(*) from flyway_schema_history"))
              .isEqualTo(history);
          Http.Response refused =
              b2.http()
                  .get(
                      "/api/v1/orgs/stolen/members",
                      b2.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null));
          assertThat(refused.status()).as(refused.body()).isEqualTo(503);
          assertThat(refused.body()).contains("does not belong to this install");
        }
      }
    }
  }

  @Test
  void aDatabaseCreatedBeforeDatabasesWereMarkedIsClaimedByTheInstallThatHasItRegistered()
      throws Exception {
    try (TestServer server = TestServer.start()) {
      String admin = server.installAdmin();
      server.createOrg(admin, "legacy");
      String database = server.db().tenantPrefix() + "legacy";
      server.stop();
      // the organization's database as a release before ownership marks left it: schema
      // version 3, no palisade_install table
      sql(server, "postgres", "drop database " + database + " with (force)");
      sql(server, "postgres", "create database " + database);
      Flyway.configure()
          .dataSource(server.db().urlOf(database), null, null)
          .locations("classpath:db/tenant")
          .target("3")
          .load()
          .migrate();
      try (TestServer again = TestServer.restart(server.db(), server.home(), Map.of())) {
        assertThat(
                again
                    .http()
                    .get(
                        "/api/v1/orgs/legacy/members",
                        again.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null))
                    .status())
            .isEqualTo(200);
        assertThat(
                again
                    .db()
                    .countIn(
                        database,
                        "select count(*) from palisade_install where install_id = '"
                            + id(again)
                            + "'"))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void aNewOrganizationMayTakeTheSlugARenamedOneGaveUp() throws Exception {
    try (TestServer server = TestServer.start()) {
      Http http = server.http();
      String admin = server.installAdmin();
      server.createOrg(admin, "first");
      assertThat(http.patch("/api/v1/orgs/first", Http.json("slug", "renamed"), admin).status())
          .isEqualTo(200);
      Http.Response again =
          http.post("/api/v1/orgs", Http.json("slug", "first", "name", "New first"), admin);
      assertThat(again.status()).as(again.body()).isEqualTo(201);
      assertThat(again.json().get("databaseName").asText())
          .startsWith(server.db().tenantPrefix() + "first_");
      assertThat(http.get("/api/v1/orgs/renamed/members", admin).status()).isEqualTo(200);
      assertThat(http.get("/api/v1/orgs/first/members", admin).status()).isEqualTo(200);
    }
  }
}
