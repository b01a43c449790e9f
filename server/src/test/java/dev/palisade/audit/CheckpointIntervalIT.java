package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A chain that grew is checkpointed once the interval has passed on the platform's clock, and by
 * entry count only every {@code checkpoint-entries} entries, however many appends commit while a
 * checkpoint is being signed.
 */
class CheckpointIntervalIT {
  @Test
  void checkpointsByEntryCountAreAtLeastThatManyEntriesApartUnderConcurrentAppends()
      throws Exception {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "palisade.audit.checkpoint-interval",
                "1h",
                "palisade.audit.checkpoint-entries",
                100))) {
      String admin = server.installAdmin();
      server.createOrg(admin, "cadence");
      Scope chain =
          Scope.of(
              server.context().getBean(Organizations.class).findBySlug("cadence").orElseThrow());
      AuditLog log = server.context().getBean(AuditLog.class);
      ExecutorService writers = Executors.newFixedThreadPool(16);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < 16; w++) {
        int writer = w;
        done.add(
            writers.submit(
                () -> {
                  for (int i = 0; i < 125; i++) {
                    log.record(
                        chain,
                        AuditEvent.by("user", "member:w" + writer)
                            .subject("document", "d" + i)
                            .action("document.updated"));
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
      writers.shutdown();
      String ofChain = " from audit_checkpoints where chain_id = '" + chain.id() + "'";
      // 2,000 entries: the checkpoint at or after entry 2,000 is the last one signed by count.
      Eventually.until(
          Duration.ofSeconds(20),
          () -> server.db().count("select coalesce(max(sequence), 0)" + ofChain) >= 1_900);
      assertThat(server.db().count("select count(*)" + ofChain)).isBetween(1L, 20L);
      assertThat(
              server
                  .db()
                  .count(
                      "select count(*) from audit_checkpoints c join audit_checkpoints p"
                          + " on p.chain_id = c.chain_id and p.number = c.number - 1"
                          + " where c.chain_id = '"
                          + chain.id()
                          + "' and c.sequence - p.sequence < 100"))
          .as("checkpoints less than checkpoint-entries apart")
          .isZero();
    }
  }

  @Test
  void aChainThatGrewIsCheckpointedWhenTheIntervalHasPassed() throws Exception {
    try (TestServer server =
        TestServer.start(
            Map.of(
                "palisade.audit.checkpoint-interval",
                "1h",
                "palisade.audit.checkpoint-entries",
                1_000_000))) {
      server.installAdmin();
      String install = "select count(*) from audit_checkpoints where chain_id = 'install'";
      assertThat(server.db().count(install)).isZero();
      server.clock().advance(Duration.ofMinutes(61));
      Eventually.until(Duration.ofSeconds(10), () -> server.db().count(install) == 1);
    }
  }
}
