package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrganizationProvisioningIT {
  private TestServer server;
  private Http http;
  private String admin;

  @BeforeAll
  void start() {
    server = TestServer.start();
    http = server.http();
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  @Test
  void createsAMigratedDatabaseForEachOrganization() throws Exception {
    Http.Response r =
        http.post(
            "/api/v1/orgs",
            Http.json(
                "slug", "acme-corp", "name", "Acme", "timezone", "Europe/Paris", "locale", "fr-FR"),
            admin);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    String database = server.db().tenantPrefix() + "acme_corp";
    assertThat(r.json().get("databaseName").asText()).isEqualTo(database);
    assertThat(r.json().get("timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(server.db().tenantDatabases()).contains(database);
    try (var c = server.db().connect(database);
        var rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from roles where name in ('admin','auditor','member')")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
    }
    assertThat(http.get("/api/v1/orgs/acme-corp", admin).json().get("name").asText())
        .isEqualTo("Acme");
  }

  @Test
  void refusesADuplicateSlugWithoutTouchingTheExistingDatabase() throws Exception {
    server.createOrg(admin, "dupe");
    int before = server.db().tenantDatabases().size();
    Http.Response r = http.post("/api/v1/orgs", Http.json("slug", "dupe", "name", "Again"), admin);
    assertThat(r.status()).isEqualTo(409);
    assertThat(server.db().tenantDatabases()).hasSize(before);
  }

  @Test
  void validatesSlugRules() throws Exception {
    for (String bad :
        new String[] {
          "ab", "UPPER", "has_underscore", "-lead", "trail-", "a".repeat(41), "dou--ble"
        }) {
      long orgs = server.db().count("select count(*) from organizations");
      Http.Response r = http.post("/api/v1/orgs", Http.json("slug", bad, "name", "X"), admin);
      assertThat(r.status()).as(bad).isEqualTo(422);
      assertThat(r.json().get("field").asText()).isEqualTo("slug");
      assertThat(server.db().count("select count(*) from organizations")).isEqualTo(orgs);
    }
  }

  @Test
  void patchChangesSettingsButKeepsTheDatabase() throws Exception {
    server.createOrg(admin, "old-name");
    Http.Response r =
        http.patch(
            "/api/v1/orgs/old-name", Http.json("slug", "new-name", "name", "Renamed"), admin);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("slug").asText()).isEqualTo("new-name");
    assertThat(r.json().get("databaseName").asText())
        .isEqualTo(server.db().tenantPrefix() + "old_name");
    assertThat(http.get("/api/v1/orgs/old-name", admin).status()).isEqualTo(404);
    Http.Response bad =
        http.patch("/api/v1/orgs/new-name", Http.json("timezone", "Mars/Base"), admin);
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("field").asText()).isEqualTo("timezone");
  }

  @Test
  void listsOrganizationsWithCursorPaging() {
    for (int i = 0; i < 3; i++) {
      server.createOrg(admin, "page-" + i);
    }
    Http.Response first = http.get("/api/v1/orgs?limit=2", admin);
    assertThat(first.json().get("items")).hasSize(2);
    String cursor = first.json().get("nextCursor").asText();
    Http.Response second = http.get("/api/v1/orgs?limit=2&cursor=" + cursor, admin);
    assertThat(second.json().get("items").get(0).get("slug").asText())
        .isGreaterThan(first.json().get("items").get(1).get("slug").asText());
    assertThat(http.get("/api/v1/orgs?limit=0", admin).status()).isEqualTo(422);
  }
}
