package dev.palisade.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.testing.Eventually;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Destinations read security events by position, so positions must commit in their order: an event
 * is stored only while no other store of an event is in progress, never passing one that took a
 * smaller position and has not committed yet.
 */
class SecurityEventPositionOrderIT {
  @Test
  void anEventWaitsForAnEarlierStoreInProgressAndTakesTheLaterPosition() throws Exception {
    try (TestServer server = TestServer.start();
        Connection earlier = server.db().connect()) {
      earlier.setAutoCommit(false);
      earlier.createStatement().execute("select pg_advisory_xact_lock(" + 0x70616c65 + ", 0)");
      SecurityEvents events = server.context().getBean(SecurityEvents.class);
      CompletableFuture<UUID> later =
          CompletableFuture.supplyAsync(
              () -> events.raise(SecurityEvents.event(SecurityEventType.JOB_FAILED, "later")));
      Eventually.until(
          Duration.ofSeconds(30),
          () ->
              server
                      .db()
                      .count(
                          "select count(*) from pg_locks where locktype = 'advisory' and not granted"
                              + " and classid = "
                              + 0x70616c65
                              + " and database = (select oid from pg_database"
                              + " where datname = current_database())")
                  > 0);
      UUID first = UUID.randomUUID();
      earlier
          .createStatement()
          .execute(
              "insert into security_events (id, occurred_at, type, severity, reason) values ('"
                  + first
                  + "', now(), 'jobFailed', 'warning', 'earlier')");
      assertThat(later).isNotDone();
      earlier.commit();
      UUID second = later.get();
      long a = server.db().count("select position from security_events where id = '" + first + "'");
      long b =
          server.db().count("select position from security_events where id = '" + second + "'");
      assertThat(b).isGreaterThan(a);
    }
  }
}
