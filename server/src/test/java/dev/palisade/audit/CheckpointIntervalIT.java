package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.Eventually;
import dev.palisade.testing.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A chain that grew is checkpointed once the interval has passed on the platform's clock. */
class CheckpointIntervalIT {
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
