package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestDatabase;
import dev.palisade.testing.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A change is either committed and answered 2xx, or not committed at all and answered with an
 * error: never both. The chain head is held locked from outside so that appends cannot proceed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailClosedAppendIT {
  private static final Map<String, Object> SHORT_TIMEOUT =
      Map.of("palisade.audit.append-timeout", "2s");

  private TestServer server;
  private Http http;
  private String admin;
  private String orgAdmin;

  @BeforeAll
  void start() {
    server = TestServer.start(SHORT_TIMEOUT);
    http = server.http();
    admin = server.installAdmin();
    server.createOrg(admin, "locked");
    orgAdmin = server.member(admin, "locked", "owner@example.com", "admin");
    server.member(orgAdmin, "locked", "sam@example.com", "member");
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  private String memberId(String email) {
    for (JsonNode m : http.get("/api/v1/orgs/locked/members", orgAdmin).json().get("items")) {
      if (m.get("email").asText().equals(email)) {
        return m.get("id").asText();
      }
    }
    throw new AssertionError(email);
  }

  private Scope scope(String slug) {
    return Scope.of(server.context().getBean(Organizations.class).findBySlug(slug).orElseThrow());
  }

  /** Holds the chain head row of {@code chainId} locked until closed. */
  private Connection lockHead(String database, String chainId) throws Exception {
    Connection c = server.db().connect(database);
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("select 1 from audit_chain_head where chain_id = '" + chainId + "' for update");
    }
    return c;
  }

  private long count(String database, String sql) throws Exception {
    try (Connection c = server.db().connect(database);
        var rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Appends once more and waits for it: every earlier append of the chain has been settled. */
  private void drained(String slug) {
    assertThat(http.get("/api/v1/orgs/" + slug + "/audit?limit=1", orgAdmin).status())
        .isEqualTo(200);
  }

  @Test
  void aRoleChangeThatTimedOutIsNeverApplied() throws Exception {
    Scope org = scope("locked");
    String sam = memberId("sam@example.com");
    long entriesBefore = count(org.org().databaseName(), "select count(*) from audit_entries");
    Http.Response r;
    try (Connection lock = lockHead(org.org().databaseName(), org.id())) {
      r =
          http.patch(
              "/api/v1/orgs/locked/members/" + sam,
              Http.json("role", "auditor", "reason", "held up"),
              orgAdmin);
      lock.rollback();
    }
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    drained("locked");
    assertThat(
            count(
                org.org().databaseName(),
                "select count(*) from members where email = 'sam@example.com' and role = 'member'"))
        .isEqualTo(1);
    assertThat(
            count(
                org.org().databaseName(),
                "select count(*) from audit_entries where action = 'role.changed'"))
        .isZero();
    // the only entries added since are the views of the audit log made by drained()
    assertThat(
            count(
                org.org().databaseName(),
                "select count(*) from audit_entries where action <> 'audit.viewed'"))
        .isEqualTo(entriesBefore);
  }

  @Test
  void anOrganizationWhoseRegistrationTimedOutIsGoneAndTheServerStillStarts() throws Exception {
    Http.Response r;
    try (Connection lock = lockHead(server.db().name(), Scope.INSTALL_ID)) {
      r = http.post("/api/v1/orgs", Http.json("slug", "late", "name", "Late"), admin);
      lock.rollback();
    }
    assertThat(r.status()).as(r.body()).isEqualTo(503);
    assertThat(http.get("/api/v1/install/audit?limit=1", admin).status()).isEqualTo(200);
    assertThat(server.db().count("select count(*) from organizations where slug = 'late'"))
        .isZero();
    assertThat(server.db().tenantDatabases()).noneMatch(d -> d.endsWith("_org_late"));
    TestDatabase db = server.db();
    Path home = server.home();
    server.stop();
    try (TestServer again = TestServer.restart(db, home, SHORT_TIMEOUT)) {
      String token = again.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
      assertThat(again.http().get("/api/v1/orgs/late", token).status()).isEqualTo(404);
      again.createOrg(token, "late");
      again.stop();
    }
    server = TestServer.restart(db, home, SHORT_TIMEOUT);
    http = server.http();
    admin = server.login(TestServer.ADMIN_EMAIL, TestServer.PASSWORD, null);
    orgAdmin = server.login("owner@example.com", TestServer.PASSWORD, "locked");
  }

  @Test
  void controlCharactersInAReasonAreRefusedNamingTheFieldAndNothingIsWritten() throws Exception {
    Scope org = scope("locked");
    long before = count(org.org().databaseName(), "select count(*) from audit_entries");
    Http.Response r =
        http.patch(
            "/api/v1/orgs/locked/members/" + memberId("sam@example.com"),
            Http.json("role", "auditor", "reason", "split\u0000here"),
            orgAdmin);
    assertThat(r.status()).as(r.body()).isEqualTo(422);
    assertThat(r.json().get("field").asText()).isEqualTo("reason");
    assertThat(count(org.org().databaseName(), "select count(*) from audit_entries"))
        .isEqualTo(before);
  }

  @Test
  void oneEntryTheDatabaseRefusesFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
    Scope org = scope("locked");
    String database = org.org().databaseName();
    try (Connection c = server.db().connect(database);
        Statement st = c.createStatement()) {
      st.execute(
          "alter table audit_entries add constraint no_poison check (reason is distinct from"
              + " 'poison')");
    }
    AuditLog log = server.context().getBean(AuditLog.class);
    ExecutorService pool = Executors.newFixedThreadPool(12);
    CountDownLatch started = new CountDownLatch(12);
    List<Future<?>> appends = new ArrayList<>();
    try (Connection lock = lockHead(database, org.id())) {
      // queued while the writer waits for the head, so that all land in one batch
      for (int i = 0; i < 12; i++) {
        String reason = i == 5 ? "poison" : "fine " + i;
        appends.add(
            pool.submit(
                () -> {
                  started.countDown();
                  return log.record(
                      org,
                      AuditEvent.by("system", "system:test")
                          .subject("test", UUID.randomUUID())
                          .reason(reason)
                          .action("test.appended"));
                }));
      }
      started.await();
      Eventually.until(
          Duration.ofSeconds(5),
          () ->
              server
                      .db()
                      .countIn(
                          database,
                          "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                              + " and query like '%audit_chain_head%'")
                  > 0);
      lock.rollback();
    }
    int failed = 0;
    for (Future<?> f : appends) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        failed++;
      }
    }
    pool.shutdown();
    assertThat(failed).isEqualTo(1);
    assertThat(count(database, "select count(*) from audit_entries where action = 'test.appended'"))
        .isEqualTo(11);
    Verification v = server.context().getBean(ChainVerifier.class).verify(org);
    assertThat(v.intact()).as(v.toString()).isTrue();
    try (Connection c = server.db().connect(database);
        Statement st = c.createStatement()) {
      st.execute("alter table audit_entries drop constraint no_poison");
    }
  }

  @Test
  void appendsQueuedBehindALockedHeadCommitAsOneBatchAndTheChainStaysIntact() throws Exception {
    Scope chain = scope("locked");
    AuditLog log = server.context().getBean(AuditLog.class);
    String database = chain.org().databaseName();
    long before = count(database, "select count(*) from audit_entries");
    int appends = 24; // more than AppendStatements.ROWS_MAX: the array-bound insert
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(appends);
    try {
      List<java.util.concurrent.Future<AuditEntry>> done = new java.util.ArrayList<>();
      java.util.concurrent.CountDownLatch queued = new java.util.concurrent.CountDownLatch(appends);
      try (Connection held = lockHead(database, chain.id())) {
        for (int i = 0; i < appends; i++) {
          String doc = "doc-" + i;
          done.add(
              pool.submit(
                  () -> {
                    queued.countDown();
                    return log.record(
                        chain,
                        AuditEvent.by("user", "member:batch")
                            .subject("document", doc)
                            .sealed(Map.of("after", Map.of("doc", doc)))
                            .action("document.updated"));
                  }));
        }
        queued.await(30, java.util.concurrent.TimeUnit.SECONDS);
        // the batch waits for the head row; every other append queues behind it
        Eventually.until(
            java.time.Duration.ofSeconds(30),
            () ->
                count(
                        "postgres",
                        "select count(*) from pg_stat_activity where datname = '"
                            + database
                            + "' and wait_event_type = 'Lock'")
                    == 1);
        held.rollback();
      }
      for (java.util.concurrent.Future<AuditEntry> f : done) {
        assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).sequence()).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(count(database, "select count(*) from audit_entries")).isEqualTo(before + appends);
    assertThat(
            http.post("/api/v1/orgs/locked/audit/verify", "{}", orgAdmin)
                .json()
                .get("status")
                .asText())
        .isEqualTo("intact");
  }
}
