package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.tenancy.Organization;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tampering with a chain by direct SQL on the database, as a privileged database user would, is
 * detected with its exact position.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChainTamperDetectionContract {
  private TestServer server;
  private String admin;
  private int orgs;

  @BeforeAll
  void start() {
    server =
        TestServer.start(
            Map.of(
                "palisade.audit.checkpoint-entries",
                1_000_000,
                "palisade.audit.checkpoint-interval",
                "1h",
                "palisade.audit.verify-parallel-from",
                verifyParallelFrom()));
    admin = server.installAdmin();
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
  }

  /** From what length verification splits a chain into segments checked in parallel. */
  abstract long verifyParallelFrom();

  @Test
  void aDeletedEntryAtASegmentBoundaryIsReportedMissing() throws Exception {
    Scope chain = chainOf20();
    sql(chain, "delete from audit_entries where sequence in (10, 11)");
    Verification v = verify(chain);
    assertBrokenBetween(v, 9, 10);
    assertThat(v.detail())
        .isEqualTo("broken between entries 9 and 12: entries 10 to 11 are missing");
  }

  /** A fresh organization whose chain holds 20 entries, checkpointed at 10 and 20. */
  private Scope chainOf20() {
    String slug = "tamper-" + (++orgs);
    server.createOrg(admin, slug);
    Organization org = server.context().getBean(Organizations.class).findBySlug(slug).orElseThrow();
    Scope chain = Scope.of(org);
    AuditLog log = server.context().getBean(AuditLog.class);
    long existing = head(chain);
    for (long i = existing + 1; i <= 20; i++) {
      log.record(
          chain,
          AuditEvent.by("user", "member:" + UUID.randomUUID())
              .subject("member", UUID.randomUUID())
              .reason("entry " + i)
              .publicMetadata(Map.of("n", i))
              .sealed(Map.of("email", "person" + i + "@example.com"))
              .action("member.invited"));
    }
    Checkpoints checkpoints = server.context().getBean(Checkpoints.class);
    checkpoints.sign(chain, entry(chain, 10));
    checkpoints.sign(chain, entry(chain, 20));
    return chain;
  }

  private AuditEntry entry(Scope chain, long sequence) {
    return server
        .context()
        .getBean(AuditQueries.class)
        .list(
            chain,
            AuditFilter.parse(null, null, null, null, null, null, null, "oldest"),
            sequence - 1,
            1)
        .get(0);
  }

  private Connection connect(Scope chain) throws java.sql.SQLException {
    return chain.isInstall()
        ? server.db().connect()
        : server.db().connect(chain.org().databaseName());
  }

  private long head(Scope chain) {
    try (Connection c = connect(chain);
        ResultSet rs =
            c.createStatement()
                .executeQuery("select coalesce(max(sequence), 0) from audit_entries")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void sql(Scope chain, String sql) throws Exception {
    try (Connection c = connect(chain)) {
      c.createStatement().execute(sql);
    }
  }

  private Verification verify(Scope chain) {
    return server.context().getBean(ChainVerifier.class).verify(chain);
  }

  private static void assertBrokenBetween(Verification v, long good, long bad) {
    assertThat(v.status()).as(v.toString()).isEqualTo("broken");
    assertThat(v.lastGoodSequence()).as(v.toString()).isEqualTo(good);
    assertThat(v.firstBadSequence()).as(v.toString()).isEqualTo(bad);
    assertThat(v.detail()).contains("broken between entries " + good + " and ");
  }

  @Test
  void anUntouchedChainIsIntactWithItsHeadAndCheckpoints() {
    Scope chain = chainOf20();
    Verification v = verify(chain);
    assertThat(v.status()).isEqualTo("intact");
    assertThat(v.entries()).isEqualTo(20);
    assertThat(v.head().sequence()).isEqualTo(20);
    assertThat(v.checkpointsChecked()).isEqualTo(2);
    assertThat(v.truncation()).isNull();
  }

  @Test
  void incrementalVerificationStartsFromTheNewestCheckpointBelowTheGivenEntry() throws Exception {
    Scope chain = chainOf20();
    ChainVerifier verifier = server.context().getBean(ChainVerifier.class);
    Verification v = verifier.verifyFrom(chain, 15);
    assertThat(v.status()).isEqualTo("intact");
    assertThat(v.verifiedFromSequence()).isEqualTo(11);
    assertThat(v.entries()).isEqualTo(10);
    sql(chain, "update audit_entries set reason = 'late edit' where sequence = 13");
    assertBrokenBetween(verifier.verifyFrom(chain, 15), 12, 13);
  }

  @Test
  void anEditedTimestampIsFoundAtItsEntry() throws Exception {
    Scope chain = chainOf20();
    sql(
        chain,
        "update audit_entries set occurred_at = occurred_at + interval '1 second' where sequence = 7");
    assertBrokenBetween(verify(chain), 6, 7);
  }

  @Test
  void anEditedActorIsFoundAtItsEntry() throws Exception {
    Scope chain = chainOf20();
    sql(chain, "update audit_entries set actor_id = 'member:someone-else' where sequence = 12");
    Verification v = verify(chain);
    assertBrokenBetween(v, 11, 12);
    assertThat(v.detail()).contains("content hash mismatch");
  }

  @Test
  void anEditedReasonIsFoundEvenWhenItsContentHashIsRecomputed() throws Exception {
    Scope chain = chainOf20();
    AuditEntry e = entry(chain, 3);
    AuditEntry forged = withReason(e, "nothing to see");
    byte[] content = ChainEncoding.contentHash(forged);
    try (Connection c = server.db().connect(chain.org().databaseName());
        PreparedStatement ps =
            c.prepareStatement(
                "update audit_entries set reason = 'nothing to see', content_hash = ? where sequence = 3")) {
      ps.setBytes(1, content);
      ps.executeUpdate();
    }
    Verification v = verify(chain);
    assertBrokenBetween(v, 2, 3);
    assertThat(v.detail()).contains("chain hash mismatch");
  }

  @Test
  void aFlippedCiphertextByteIsFoundAtItsEntry() throws Exception {
    Scope chain = chainOf20();
    sql(
        chain,
        "update audit_entries set sealed_metadata ="
            + " set_byte(sealed_metadata, 20, get_byte(sealed_metadata, 20) # 1) where sequence = 15");
    assertBrokenBetween(verify(chain), 14, 15);
  }

  @Test
  void aDeletedMiddleEntryIsReportedMissing() throws Exception {
    Scope chain = chainOf20();
    sql(chain, "delete from audit_entries where sequence = 9");
    Verification v = verify(chain);
    assertBrokenBetween(v, 8, 9);
    assertThat(v.detail()).isEqualTo("broken between entries 8 and 10: entry 9 is missing");
  }

  @Test
  void twoSwappedEntriesAreFoundAtTheFirstOfThem() throws Exception {
    Scope chain = chainOf20();
    sql(chain, "update audit_entries set sequence = 1000000 where sequence = 5");
    sql(chain, "update audit_entries set sequence = 5 where sequence = 6");
    sql(chain, "update audit_entries set sequence = 6 where sequence = 1000000");
    assertBrokenBetween(verify(chain), 4, 5);
  }

  @Test
  void aTruncatedTailIsReportedBelowTheCheckpoint() throws Exception {
    Scope chain = chainOf20();
    sql(chain, "delete from audit_entries where sequence > 16");
    sql(chain, "update audit_chain_head set last_sequence = 16");
    Verification v = verify(chain);
    assertThat(v.status()).isEqualTo("broken");
    assertThat(v.truncation())
        .isEqualTo("truncated: the chain ends at entry 16 but a signed checkpoint covers entry 20");
    assertThat(v.entries()).isEqualTo(16);
  }

  @Test
  void aTruncatedTailBelowTheHeadIsReportedEvenWithoutACheckpoint() throws Exception {
    Scope chain = chainOf20();
    server
        .context()
        .getBean(AuditLog.class)
        .record(chain, AuditEvent.by("system", "system:test").action("test.appended"));
    sql(chain, "delete from audit_entries where sequence = 21");
    Verification v = verify(chain);
    assertThat(v.truncation()).contains("its head records entry 21");
  }

  @Test
  void aRecomputedChainIsCaughtByTheSignedCheckpoints() throws Exception {
    Scope chain = chainOf20();
    rewriteFrom(chain, 14, "rewritten");
    Verification v = verify(chain);
    assertThat(v.status()).isEqualTo("broken");
    assertThat(v.checkpointMismatches())
        .extracting(Verification.CheckpointMismatch::sequence)
        .containsExactly(20L);
    assertBrokenBetween(v, 10, 20);
    assertThat(v.detail()).contains("checkpoint at 20 no longer matches");
  }

  @Test
  void aForgedCheckpointIsRejectedByItsSignature() throws Exception {
    Scope chain = chainOf20();
    try (Connection c = server.db().connect()) {
      c.createStatement()
          .execute(
              "update audit_checkpoints set signed_at = signed_at + interval '1 hour'"
                  + " where chain_id = '"
                  + chain.id()
                  + "' and sequence = 10");
    }
    Verification v = verify(chain);
    assertThat(v.status()).isEqualTo("broken");
    assertThat(v.checkpointMismatches())
        .anySatisfy(
            m -> {
              assertThat(m.sequence()).isEqualTo(10);
              assertThat(m.detail()).contains("signature");
            });
  }

  @Test
  void theApiReportsTheBreakToAnAuditor() throws Exception {
    Scope chain = chainOf20();
    String slug = chain.org().slug();
    String auditor = server.member(admin, slug, "aud" + orgs + "@example.com", "auditor");
    sql(chain, "update audit_entries set reason = 'x' where sequence = 4");
    Http.Response r = server.http().post("/api/v1/orgs/" + slug + "/audit/verify", "{}", auditor);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("broken");
    assertThat(r.json().get("firstBadSequence").asLong()).isEqualTo(4);
    assertThat(r.json().get("lastGoodSequence").asLong()).isEqualTo(3);
  }

  private void installSql(String sql) throws Exception {
    try (Connection c = server.db().connect()) {
      c.createStatement().execute(sql);
    }
  }

  @Test
  void deletingTheNewestCheckpointsAndTheEntriesTheyCoveredIsFound() throws Exception {
    Scope chain = chainOf20();
    installSql(
        "delete from audit_checkpoints where chain_id = '" + chain.id() + "' and sequence = 20");
    sql(chain, "delete from audit_entries where sequence > 12");
    sql(
        chain,
        "update audit_chain_head set last_sequence = 12,"
            + " last_chain_hash = (select chain_hash from audit_entries where sequence = 12)");
    Verification v = verify(chain);
    assertThat(v.status()).isEqualTo("broken");
    assertThat(v.missingCheckpoints()).containsExactly(2L);
    assertThat(v.detail())
        .isEqualTo("checkpoint #2 is missing: checkpoints of this chain were deleted");
    assertThat(v.truncation())
        .isEqualTo("truncated: the chain ends at entry 12 but a signed checkpoint covers entry 20");
  }

  @Test
  void aCheckpointDeletedBelowTheNewestLeavesAGapInTheNumbers() throws Exception {
    Scope chain = chainOf20();
    installSql(
        "delete from audit_checkpoints where chain_id = '" + chain.id() + "' and sequence = 10");
    Verification v = verify(chain);
    assertThat(v.status()).isEqualTo("broken");
    assertThat(v.missingCheckpoints()).containsExactly(1L);
    assertThat(v.truncation()).isNull();
  }

  @Test
  void deletingTheNewestInstallCheckpointsAndRehashingTheInstallChainIsFound() throws Exception {
    Scope install = Scope.install();
    AuditLog log = server.context().getBean(AuditLog.class);
    Checkpoints checkpoints = server.context().getBean(Checkpoints.class);
    for (int i = 0; i < 3; i++) {
      log.record(
          install, AuditEvent.by("system", "system:test").reason("before " + i).action("test.one"));
    }
    long kept = head(install);
    checkpoints.sign(install, entry(install, kept));
    for (int i = 0; i < 3; i++) {
      log.record(
          install, AuditEvent.by("system", "system:test").reason("after " + i).action("test.two"));
    }
    Checkpoint newest = checkpoints.sign(install, entry(install, head(install))).orElseThrow();
    assertThat(verify(install).status()).isEqualTo("intact");

    installSql(
        "delete from audit_checkpoints where chain_id = 'install' and number = " + newest.number());
    rewriteFrom(install, kept + 1, "rewritten");
    Verification v = verify(install);
    assertThat(v.status()).as(v.toString()).isEqualTo("broken");
    assertThat(v.missingCheckpoints()).containsExactly(newest.number());
    assertThat(v.checkpointMismatches())
        .extracting(Verification.CheckpointMismatch::sequence)
        .containsExactly(newest.sequence());
  }

  @Test
  void checkpointsSignedTogetherAreNumberedWithoutGapsAndNeverTwiceForOnePosition()
      throws Exception {
    Scope chain = chainOf20();
    AuditLog log = server.context().getBean(AuditLog.class);
    for (int i = 0; i < 10; i++) {
      log.record(chain, AuditEvent.by("system", "system:test").action("test.more"));
    }
    Checkpoints checkpoints = server.context().getBean(Checkpoints.class);
    List<AuditEntry> heads = new java.util.ArrayList<>();
    for (long s = 21; s <= 30; s++) {
      heads.add(entry(chain, s));
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    List<java.util.concurrent.Future<?>> signing = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      AuditEntry head = heads.get((i * 7) % heads.size());
      signing.add(pool.submit(() -> checkpoints.sign(chain, head)));
    }
    for (java.util.concurrent.Future<?> f : signing) {
      f.get();
    }
    pool.shutdown();
    List<Checkpoint> stored = checkpoints.of(chain.id());
    for (int i = 0; i < stored.size(); i++) {
      assertThat(stored.get(i).number()).isEqualTo(i + 1);
      if (i > 0) {
        assertThat(stored.get(i).sequence()).isGreaterThan(stored.get(i - 1).sequence());
      }
    }
    assertThat(stored.get(stored.size() - 1).sequence()).isLessThanOrEqualTo(30);
    Verification v = verify(chain);
    assertThat(v.status()).as(v.toString()).isEqualTo("intact");
  }

  /** {@code e} with another reason, as an attacker would write it; hashes left as they were. */
  private static AuditEntry withReason(AuditEntry e, String reason) {
    return new AuditEntry(
        e.chainId(),
        e.sequence(),
        e.id(),
        e.occurredAt(),
        e.actorType(),
        e.actorId(),
        e.action(),
        e.subjectType(),
        e.subjectId(),
        reason,
        e.publicMetadata(),
        e.sealedMetadata(),
        e.sealedKeyVersion(),
        e.contentHash(),
        e.chainHash());
  }

  /** What an attacker with database access but no signing key can do: recompute everything. */
  private void rewriteFrom(Scope chain, long from, String reason) throws Exception {
    try (Connection c = connect(chain)) {
      c.setAutoCommit(false);
      List<AuditEntry> all =
          server
              .context()
              .getBean(AuditQueries.class)
              .list(
                  chain,
                  AuditFilter.parse(null, null, null, null, null, null, null, "oldest"),
                  0L,
                  1000);
      byte[] previous = ChainEncoding.GENESIS;
      for (AuditEntry e : all) {
        String r = e.sequence() == from ? reason : e.reason();
        AuditEntry changed = withReason(e, r);
        byte[] content = ChainEncoding.contentHash(changed);
        byte[] chainHash = ChainEncoding.chainHash(previous, content);
        try (PreparedStatement ps =
            c.prepareStatement(
                "update audit_entries set reason = ?, content_hash = ?, chain_hash = ?,"
                    + " occurred_at = ? where sequence = ?")) {
          ps.setString(1, r);
          ps.setBytes(2, content);
          ps.setBytes(3, chainHash);
          ps.setObject(4, OffsetDateTime.ofInstant(e.occurredAt(), java.time.ZoneOffset.UTC));
          ps.setLong(5, e.sequence());
          ps.executeUpdate();
        }
        previous = chainHash;
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "update audit_chain_head set last_chain_hash = ? where chain_id = ?")) {
        ps.setBytes(1, previous);
        ps.setString(2, chain.id());
        ps.executeUpdate();
      }
      c.commit();
    }
  }
}
