package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.testing.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The truncation check at the end of a verification, on an organization database: an append
 * committed while the walk ran moves the head past where the walk began, which is growth, not
 * truncation; a head past the entries that are there is truncation.
 */
class ChainTruncationTest {
  private static final String CHAIN = "org";
  private TestDatabase db;
  private Jdbi jdbi;

  @BeforeEach
  void database() {
    db = TestDatabase.create();
    Flyway.configure()
        .dataSource(db.url(), null, null)
        .locations("classpath:db/tenant")
        .loggers("slf4j")
        .load()
        .migrate();
    jdbi = Jdbi.create(db.url());
  }

  @AfterEach
  void drop() throws Exception {
    db.close();
  }

  @Test
  void entriesAppendedDuringTheWalkAreNotATruncation() {
    entries(6);
    head(6);
    assertThat(truncation(5)).isNull();
    assertThat(truncation(6)).isNull();
  }

  @Test
  void aHeadPastTheLastEntryIsATruncation() {
    entries(5);
    head(6);
    assertThat(truncation(5))
        .isEqualTo("truncated: the chain ends at entry 5 but its head records entry 6");
    // the walk began when the chain was longer: what counts is where it ends now
    jdbi.useHandle(h -> h.execute("delete from audit_entries where sequence > 3"));
    assertThat(truncation(5))
        .isEqualTo("truncated: the chain ends at entry 3 but its head records entry 6");
  }

  private String truncation(long last) {
    return jdbi.withHandle(h -> ChainVerifier.truncation(h, CHAIN, Map.of(), last));
  }

  private void entries(int n) {
    for (int i = 1; i <= n; i++) {
      int seq = i;
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "insert into audit_entries (sequence, id, occurred_at, actor_type, actor_id,"
                          + " action, content_hash, chain_hash) values (:s, :id, now(), 'system',"
                          + " 'test', 'test.entry', :c, :c)")
                  .bind("s", (long) seq)
                  .bind("id", UUID.randomUUID())
                  .bind("c", new byte[32])
                  .execute());
    }
  }

  private void head(long sequence) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "insert into audit_chain_head (chain_id, last_sequence, last_chain_hash)"
                        + " values (:chain, :s, :hash)")
                .bind("chain", CHAIN)
                .bind("s", sequence)
                .bind("hash", new byte[32])
                .execute());
  }
}
