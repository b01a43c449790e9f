package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of one chain. Appends queue up; one drain at a time takes up to a batch of them and
 * commits them in one transaction that holds the chain head's row lock (group commit), so
 * throughput is not one commit per entry and two server instances never interleave. Each entry's
 * work runs under a savepoint: one failing change fails only its own append.
 */
final class ChainWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);

  private final AuditChain chain;
  private final ChainDatabases databases;
  private final Executor executor;
  private final int maxBatch;
  private final Consumer<AuditEntry> committed;
  private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private volatile Head head;

  ChainWriter(
      AuditChain chain,
      ChainDatabases databases,
      Executor executor,
      int maxBatch,
      Consumer<AuditEntry> committed) {
    this.chain = chain;
    this.databases = databases;
    this.executor = executor;
    this.maxBatch = maxBatch;
    this.committed = committed;
  }

  void submit(Pending<?> pending) {
    queue.add(pending);
    schedule();
  }

  private void schedule() {
    if (!queue.isEmpty() && draining.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      List<Pending<?>> batch = new ArrayList<>();
      Pending<?> p;
      while (batch.size() < maxBatch && (p = queue.poll()) != null) {
        batch.add(p);
      }
      if (!batch.isEmpty()) {
        flush(batch);
      }
    } finally {
      draining.set(false);
      schedule();
    }
  }

  private void flush(List<Pending<?>> batch) {
    try {
      flushOnce(batch);
    } catch (StaleHead e) {
      // another instance appended since this one last wrote: reload the head and redo the batch
      flushOnce(batch);
    }
  }

  /** Thrown when the cached head turned out to be stale; nothing was committed. */
  private static final class StaleHead extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StaleHead() {
      super(null, null, false, false);
    }
  }

  private void flushOnce(List<Pending<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    AuditEntry last = null;
    Head start = head;
    try (Connection c = databases.open(chain)) {
      c.setAutoCommit(false);
      try {
        if (start == null) {
          start = lockHead(c);
        }
        long sequence = start.sequence();
        byte[] chainHash = start.chainHash();
        List<AuditEntry> entries = new ArrayList<>(batch.size());
        for (Pending<?> p : batch) {
          AuditEntry e = prepare(c, p, sequence + 1, chainHash, completions);
          if (e != null) {
            entries.add(e);
            sequence = e.sequence();
            chainHash = e.chainHash();
          }
        }
        if (!entries.isEmpty()) {
          insert(c, entries);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "update audit_chain_head set last_sequence = ?, last_chain_hash = ?"
                      + " where chain_id = ? and last_sequence = ?")) {
            ps.setLong(1, sequence);
            ps.setBytes(2, chainHash);
            ps.setString(3, chain.id());
            ps.setLong(4, start.sequence());
            if (ps.executeUpdate() != 1) {
              throw new StaleHead();
            }
          }
          last = entries.get(entries.size() - 1);
        }
        c.commit();
        head = new Head(sequence, chainHash);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        head = null;
        if (e instanceof SQLException se && "23505".equals(se.getSQLState()) && start != null) {
          throw new StaleHead();
        }
        throw e;
      }
    } catch (StaleHead e) {
      throw e;
    } catch (SQLException | RuntimeException e) {
      head = null;
      LOG.error("audit append to chain {} failed: {}", chain.id(), e.toString());
      PlatformException failure =
          e instanceof PlatformException pe && pe.errorCode() != ErrorCode.INTERNAL
              ? pe
              : new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "audit log unavailable", e);
      batch.forEach(p -> p.future.completeExceptionally(failure));
      return;
    }
    completions.forEach(Runnable::run);
    if (last != null) {
      committed.accept(last);
    }
  }

  /** The last committed sequence and chain hash, as this instance last saw them. */
  private record Head(long sequence, byte[] chainHash) {}

  private Head lockHead(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into audit_chain_head (chain_id, last_sequence, last_chain_hash)"
                + " values (?, 0, ?) on conflict do nothing")) {
      ps.setString(1, chain.id());
      ps.setBytes(2, ChainEncoding.GENESIS);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "select last_sequence, last_chain_hash from audit_chain_head where chain_id = ?"
                + " for update")) {
      ps.setString(1, chain.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new Head(rs.getLong(1), rs.getBytes(2));
      }
    }
  }

  /** Runs the pending work under a savepoint and builds its entry; null if the work failed. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private AuditEntry prepare(
      Connection c, Pending p, long sequence, byte[] previous, List<Runnable> completions)
      throws SQLException {
    if (p.future.isDone()) {
      return null; // its work already failed in an earlier attempt of this batch
    }
    Object result = null;
    if (p.work != null) {
      Savepoint sp = c.setSavepoint();
      try {
        result = p.work.run(c);
        c.releaseSavepoint(sp);
      } catch (SQLException | RuntimeException e) {
        c.rollback(sp);
        p.future.completeExceptionally(e);
        return null;
      }
    }
    AuditEvent event = (AuditEvent) p.event.apply(result);
    byte[] sealed = null;
    Integer keyVersion = null;
    if (event.sealedMetadata() != null) {
      byte[] plain = CanonicalJson.write(event.sealedMetadata()).getBytes(StandardCharsets.UTF_8);
      sealed = Sealer.seal(p.key.key(), plain, AuditLog.aad(chain.id(), p.id));
      keyVersion = p.key.version();
    }
    Instant now = ChainEncoding.truncate(Instant.now());
    String publicJson =
        event.publicMetadata() == null ? null : CanonicalJson.write(event.publicMetadata());
    AuditEntry draft =
        new AuditEntry(
            chain.id(),
            sequence,
            p.id,
            now,
            event.actorType(),
            event.actorId(),
            event.action(),
            event.subjectType(),
            event.subjectId(),
            event.reason(),
            publicJson,
            sealed,
            keyVersion,
            ChainEncoding.GENESIS,
            ChainEncoding.GENESIS);
    byte[] content = ChainEncoding.contentHash(draft);
    AuditEntry entry = draft.withHashes(content, ChainEncoding.chainHash(previous, content));
    Object r = result;
    completions.add(() -> p.future.complete(new Pending.Appended(entry, r)));
    return entry;
  }

  private static void insert(Connection c, List<AuditEntry> entries) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into audit_entries (sequence, id, occurred_at, actor_type, actor_id, action,"
                + " subject_type, subject_id, reason, public_metadata, sealed_metadata,"
                + " sealed_key_version, content_hash, chain_hash)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditEntry e : entries) {
        ps.setLong(1, e.sequence());
        ps.setObject(2, e.id());
        ps.setObject(
            3, java.time.OffsetDateTime.ofInstant(e.occurredAt(), java.time.ZoneOffset.UTC));
        ps.setString(4, e.actorType());
        ps.setString(5, e.actorId());
        ps.setString(6, e.action());
        ps.setString(7, e.subjectType());
        ps.setString(8, e.subjectId());
        ps.setString(9, e.reason());
        ps.setString(10, e.publicMetadata());
        ps.setBytes(11, e.sealedMetadata());
        ps.setObject(12, e.sealedKeyVersion(), java.sql.Types.INTEGER);
        ps.setBytes(13, e.contentHash());
        ps.setBytes(14, e.chainHash());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
