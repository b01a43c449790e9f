package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantMigrationAtStartupIT {
  @Test
  void bringsEveryOrganizationDatabaseToTheNewestSchemaAtStartUp() throws Exception {
    try (TestServer server = TestServer.start()) {
      String admin = server.installAdmin();
      server.createOrg(admin, "behind");
      String database = server.db().tenantPrefix() + "behind";
      server.stop();
      try (var c = server.db().connect(database)) {
        c.createStatement().execute("drop schema public cascade; create schema public");
      }
      try (TestServer again = TestServer.restart(server.db(), server.home(), Map.of())) {
        try (var c = server.db().connect(database);
            var rs = c.createStatement().executeQuery("select count(*) from roles")) {
          rs.next();
          assertThat(rs.getInt(1)).isEqualTo(3);
        }
        assertThat(again.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null)).isNotBlank();
      }
    }
  }
}
