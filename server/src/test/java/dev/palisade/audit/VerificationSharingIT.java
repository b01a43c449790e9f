package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.tenancy.TenantConnections;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Verifications of one chain requested together share one run, and a verification leaves the
 * organization's connections to its appends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerificationSharingIT {
  private TestServer server;
  private String admin;
  private final ExecutorService callers = Executors.newFixedThreadPool(4);

  @BeforeAll
  void start() {
    // no checkpoint is signed by the interval while a test holds audit_checkpoints locked
    server =
        TestServer.start(
            Map.of(
                "palisade.database.acquire-timeout", "2s",
                "palisade.audit.checkpoint-interval", "1h"));
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    callers.shutdownNow();
    server.close();
  }

  private Scope org(String slug) {
    server.createOrg(admin, slug);
    return Scope.of(server.context().getBean(Organizations.class).findBySlug(slug).orElseThrow());
  }

  /** Backends of the install database waiting for a lock on {@code audit_checkpoints}. */
  private int waitingOnCheckpoints() throws Exception {
    try (Connection c = server.db().connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                        + " and query like '%from audit_checkpoints%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private double callersWaiting() {
    return server
        .context()
        .getBean(io.micrometer.core.instrument.MeterRegistry.class)
        .find("palisade.audit.verification.callers")
        .gauges()
        .stream()
        .mapToDouble(g -> g.value())
        .sum();
  }

  @Test
  void threeCallersVerifyingOneChainTogetherShareOneRunAndEachIsRecorded() throws Exception {
    org("shared");
    List<Future<Http.Response>> answers = new ArrayList<>();
    try (Connection lock = server.db().connect()) {
      lock.setAutoCommit(false);
      lock.createStatement().execute("lock table audit_checkpoints in access exclusive mode");
      for (int i = 0; i < 3; i++) {
        answers.add(
            callers.submit(
                () -> server.http().post("/api/v1/orgs/shared/audit/verify", "{}", admin)));
      }
      Eventually.until(
          Duration.ofSeconds(20), () -> callersWaiting() >= 3 || waitingOnCheckpoints() >= 2);
      assertThat(waitingOnCheckpoints()).isEqualTo(1);
      lock.rollback();
    }
    List<String> bodies = new ArrayList<>();
    for (Future<Http.Response> f : answers) {
      Http.Response r = f.get();
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      assertThat(r.json().get("status").asText()).isEqualTo("intact");
      bodies.add(r.json().get("head").toString());
    }
    assertThat(bodies).containsOnly(bodies.get(0));
    Http.Response recorded =
        server.http().get("/api/v1/orgs/shared/audit?action=audit.verified", admin);
    assertThat(recorded.json().get("items").size()).isEqualTo(3);
  }

  @Test
  void verificationsOfALongChainLeaveConnectionsForAppends() throws Exception {
    Scope chain = org("long");
    try (Connection c = server.db().connect(chain.org().databaseName())) {
      ChainFill.append(c, chain.id(), 60_000, server.clock().instant());
    }
    TenantConnections pool = server.context().getBean(TenantConnections.class);
    ChainVerifier verifier = server.context().getBean(ChainVerifier.class);
    List<Future<Verification>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(callers.submit(() -> verifier.verify(chain)));
    }
    int most = 0;
    while (runs.stream().anyMatch(f -> !f.isDone())) {
      for (TenantConnections.PoolStats s : pool.stats()) {
        if (s.database().equals(chain.org().databaseName())) {
          most = Math.max(most, s.inUse());
        }
      }
      Thread.onSpinWait();
    }
    for (Future<Verification> f : runs) {
      assertThat(f.get().status()).as(f.get().toString()).isEqualTo("intact");
    }
    assertThat(most)
        .as("connections of the organization held by verification")
        .isLessThanOrEqualTo(2);
  }
}
