package dev.palisade.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.errors.PlatformException;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
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

  private TenantConnections pool(int perDatabase, int cap, Duration idle, Duration acquire) {
    return new TenantConnections(server, perDatabase, cap, idle, acquire, (database, c) -> {});
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
    try (TenantConnections pool = pool(2, 3, Duration.ofMinutes(1), Duration.ofSeconds(2))) {
      for (int round = 0; round < 3; round++) {
        for (String name : databases) {
          String current =
              pool.jdbi(name)
                  .withHandle(
                      h -> h.createQuery("select current_database()").mapTo(String.class).one());
          assertThat(current).isEqualTo(name);
          assertThat(pool.openConnections()).isLessThanOrEqualTo(3);
          // a backend whose client closed its connection leaves pg_stat_activity a moment later
          Eventually.until(Duration.ofSeconds(2), () -> serverSideConnections() <= 3);
        }
      }
    }
    Eventually.until(Duration.ofSeconds(5), () -> serverSideConnections() == 0);
  }

  @Test
  void waitsThenFailsWith503WhenEveryConnectionIsBusy() throws Exception {
    try (TenantConnections pool = pool(2, 2, Duration.ofMinutes(1), Duration.ofMillis(300))) {
      try (Handle a = pool.jdbi(databases.get(0)).open();
          Handle b = pool.jdbi(databases.get(1)).open()) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> pool.jdbi(databases.get(2)).open())
            .isInstanceOf(PlatformException.class)
            .satisfies(
                e -> assertThat(((PlatformException) e).errorCode().status()).isEqualTo(503));
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(250);
        assertThat(a.getConnection().isValid(1)).isTrue();
        assertThat(b.getConnection().isValid(1)).isTrue();
      }
      try (Handle c = pool.jdbi(databases.get(2)).open()) {
        assertThat(c.getConnection().isValid(1)).isTrue();
      }
    }
  }

  @Test
  void closesConnectionsIdleLongerThanTheTimeout() throws Exception {
    try (TenantConnections pool = pool(2, 4, Duration.ofMillis(100), Duration.ofSeconds(2))) {
      pool.jdbi(databases.get(3)).useHandle(h -> h.execute("select 1"));
      pool.jdbi(databases.get(4)).useHandle(h -> h.execute("select 1"));
      assertThat(pool.openConnections()).isEqualTo(2);
      Eventually.until(Duration.ofSeconds(10), () -> pool.openConnections() == 0);
      assertThat(pool.stats()).isEmpty();
      Eventually.until(Duration.ofSeconds(5), () -> serverSideConnections() == 0);
    }
  }

  @Test
  void aConnectionReturnedWithAnOpenTransactionIsRolledBack() throws Exception {
    try (TenantConnections pool = pool(1, 2, Duration.ofMinutes(1), Duration.ofSeconds(2))) {
      Jdbi jdbi = pool.jdbi(databases.get(5));
      Handle h = jdbi.open();
      h.begin();
      h.execute("create table leftover (id int)");
      try {
        h.close(); // Jdbi rolls back a transaction left open, and may say so
      } catch (RuntimeException e) {
        assertThat(e).hasMessageContaining("rolled back");
      }
      assertThat(h.isClosed()).isTrue();
      try (Handle again = jdbi.open()) {
        assertThat(
                again
                    .createQuery("select to_regclass('leftover') is null")
                    .mapTo(Boolean.class)
                    .one())
            .isTrue();
        assertThat(again.getConnection().getAutoCommit()).isTrue();
      }
    }
  }
}
