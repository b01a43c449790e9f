package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.errors.PlatformException;
import dev.palisade.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The tenant pool against real databases: the global cap holds whatever the access pattern. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantConnectionCapIT {
  private TestDatabase db;
  private final List<String> databases = new ArrayList<>();
  private DatabaseServer server;

  @BeforeAll
  void createDatabases() throws Exception {
    db = TestDatabase.create();
    try (Connection c = db.connect();
        Statement st = c.createStatement()) {
      for (int i = 0; i < 6; i++) {
        String name = db.tenantPrefix() + "d" + i;
        st.execute("create database " + name);
        databases.add(name);
      }
    }
    server =
        new DatabaseServer() {
          @Override
          public String installUrl() {
            return db.url();
          }

          @Override
          public Properties connectionProperties() {
            return new Properties();
          }

          @Override
          public String describe() {
            return "test";
          }
        };
  }

  @AfterAll
  void drop() throws Exception {
    db.close();
  }

  private long serverSideConnections() throws Exception {
    try (Connection c = DriverManager.getConnection(db.url());
        var rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from pg_stat_activity where datname like '"
                        + db.tenantPrefix()
                        + "%'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void neverOpensMoreThanTheCapAcrossDatabasesAndEvictsIdleOnesOfOthers() throws Exception {
    try (TenantConnectionPool pool = new TenantConnectionPool(server, 2, 3, 60_000, 2_000)) {
      for (int round = 0; round < 3; round++) {
        for (String name : databases) {
          try (Connection c = pool.acquire(name);
              var rs = c.createStatement().executeQuery("select current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(name);
          }
          assertThat(pool.openConnections()).isLessThanOrEqualTo(3);
          assertThat(serverSideConnections()).isLessThanOrEqualTo(3);
        }
      }
    }
    assertThat(serverSideConnections()).isZero();
  }

  @Test
  void waitsThenFailsWith503WhenEveryConnectionIsBusy() throws Exception {
    try (TenantConnectionPool pool = new TenantConnectionPool(server, 2, 2, 60_000, 300)) {
      try (Connection a = pool.acquire(databases.get(0));
          Connection b = pool.acquire(databases.get(1))) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> pool.acquire(databases.get(2)))
            .isInstanceOf(PlatformException.class)
            .satisfies(
                e -> assertThat(((PlatformException) e).errorCode().status()).isEqualTo(503));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250);
        assertThat(a.isValid(1)).isTrue();
        assertThat(b.isValid(1)).isTrue();
      }
      try (Connection c = pool.acquire(databases.get(2))) {
        assertThat(c.isValid(1)).isTrue();
      }
    }
  }

  @Test
  void closesConnectionsIdleLongerThanTheTimeout() throws Exception {
    try (TenantConnectionPool pool = new TenantConnectionPool(server, 2, 4, 100, 2_000)) {
      pool.acquire(databases.get(3)).close();
      pool.acquire(databases.get(4)).close();
      assertThat(pool.openConnections()).isEqualTo(2);
      Thread.sleep(200);
      pool.evictIdle();
      assertThat(pool.openConnections()).isZero();
      assertThat(pool.stats()).isEmpty();
      for (int i = 0; i < 20 && serverSideConnections() > 0; i++) {
        Thread.sleep(50);
      }
      assertThat(serverSideConnections()).isZero();
    }
  }

  @Test
  void aReturnedConnectionIsRolledBackAndCannotBeUsedAgain() throws Exception {
    try (TenantConnectionPool pool = new TenantConnectionPool(server, 1, 2, 60_000, 2_000)) {
      Connection c = pool.acquire(databases.get(5));
      c.setAutoCommit(false);
      c.createStatement().execute("create table leftover (id int)");
      c.close();
      assertThatThrownBy(() -> c.createStatement()).hasMessageContaining("returned");
      try (Connection again = pool.acquire(databases.get(5));
          var rs = again.createStatement().executeQuery("select to_regclass('leftover') is null")) {
        rs.next();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(again.getAutoCommit()).isTrue();
      }
    }
  }
}
