package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One group commit of a chain. In one transaction it locks the chain head (waiting, bounded by the
 * append timeout, while another instance holds it), only then takes the queued appends, runs each
 * one's work under a savepoint in its caller's logging context, inserts the entries, moves the head
 * and commits. Every append it took is settled with the batch's true outcome:
 *
 * <ul>
 *   <li>one append's failing work or event fails that append only;
 *   <li>if the entry insert is refused for one entry's data, the batch is redone with each append
 *       isolated under its own savepoint, so that entry fails alone;
 *   <li>any other failure before the commit fails every taken append: nothing was committed;
 *   <li>if the commit itself breaks off, a fresh connection looks for the last entry to learn
 *       whether it was committed; only when that cannot be learnt either is the append answered
 *       with "outcome unknown".
 * </ul>
 */
final class ChainBatch {
  private static final Logger LOG = LoggerFactory.getLogger(ChainBatch.class);
  private static final byte[] UNHASHED = new byte[32];

  private final ChainWriter writer;
  private final String chainId;
  private final List<Pending<?>> taken = new ArrayList<>();

  /** An append prepared in this batch: its entry and its work's result. */
  private record Prepared(Pending<?> pending, AuditEntry entry, Object result) {}

  /** The entry insert was refused because of one entry's data. */
  private static final class DataRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DataRefused(Throwable cause) {
      super(null, cause, false, false);
    }
  }

  ChainBatch(ChainWriter writer) {
    this.writer = writer;
    this.chainId = writer.scope.id();
  }

  void run() {
    Handle h;
    try {
      h = writer.jdbi.open();
    } catch (RuntimeException e) {
      writer.failQueued(e);
      return;
    }
    try {
      try {
        attempt(h, false);
      } catch (DataRefused e) {
        LOG.warn("an entry of chain {} was refused; redoing its batch one by one", chainId);
        attempt(h, true);
      }
    } catch (RuntimeException e) {
      rollbackQuietly(h);
      LOG.error("audit append to chain {} failed: {}", chainId, e.toString());
      if (taken.isEmpty()) {
        writer.failQueued(e);
      } else {
        failTaken(ChainWriter.unavailable(e));
      }
    } finally {
      closeQuietly(h);
    }
  }

  private void attempt(Handle h, boolean isolated) {
    h.begin();
    boundReads(h);
    ChainHeads.Head head = ChainHeads.lock(h, chainId, writer.config.appendTimeout());
    if (taken.isEmpty()) {
      taken.addAll(writer.take());
    }
    List<Prepared> prepared = new ArrayList<>();
    long sequence = head.sequence();
    byte[] previous = head.chainHash();
    for (int i = 0; i < taken.size(); i++) {
      Pending<?> p = taken.get(i);
      if (p.future.isDone()) {
        continue; // its work failed in an earlier attempt of this batch
      }
      Prepared next = prepare(h, p, "a" + i, sequence + 1, previous, isolated);
      if (next != null) {
        prepared.add(next);
        sequence = next.entry().sequence();
        previous = next.entry().chainHash();
      }
    }
    if (prepared.isEmpty()) {
      h.rollback();
      return;
    }
    if (!isolated) {
      try {
        AuditEntries.append(h, chainId, prepared.stream().map(Prepared::entry).toList());
      } catch (UnableToExecuteStatementException e) {
        if (dataError(e)) {
          h.rollback();
          throw new DataRefused(e);
        }
        throw e;
      }
    }
    commit(h, prepared);
  }

  /** Bounds every read from the database (statements and lock waits: see {@link ChainHeads}). */
  private void boundReads(Handle h) {
    long millis = writer.config.appendTimeout().toMillis();
    try {
      h.getConnection()
          .setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, 2 * millis));
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Runs one append's work and builds its entry; null (and the append failed) if either fails. */
  private Prepared prepare(
      Handle h, Pending<?> p, String savepoint, long sequence, byte[] previous, boolean isolated) {
    boolean guarded = isolated || p.work != null;
    Map<String, String> outer = MDC.getCopyOfContextMap();
    setContext(p.mdc);
    try (io.opentelemetry.context.Scope ignored = p.trace.makeCurrent()) {
      if (guarded) {
        h.savepoint(savepoint);
      }
      try {
        Object result = p.work == null ? null : p.work.run(h);
        AuditEntry entry = entry(p, result, sequence, previous);
        if (isolated) {
          AuditEntries.append(h, chainId, List.of(entry));
        }
        if (guarded) {
          h.releaseSavepoint(savepoint);
        }
        return new Prepared(p, entry, result);
      } catch (RuntimeException e) {
        if (guarded) {
          h.rollbackToSavepoint(savepoint);
        }
        p.future.completeExceptionally(e);
        return null;
      }
    } finally {
      setContext(outer);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private AuditEntry entry(Pending p, Object result, long sequence, byte[] previous) {
    AuditEvent event = (AuditEvent) p.event.apply(result);
    byte[] sealed = null;
    Integer keyVersion = null;
    if (event.sealedMetadata() != null) {
      sealed = SealedMetadata.seal(p.key, chainId, p.id, event.sealedMetadata());
      keyVersion = p.key.version();
    }
    Instant now = ChainEncoding.truncate(writer.clock.instant());
    String publicJson =
        event.publicMetadata() == null
            ? null
            : dev.palisade.crypto.CanonicalJson.write(event.publicMetadata());
    AuditEntry draft =
        new AuditEntry(
            chainId,
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
            UNHASHED,
            UNHASHED);
    byte[] content = ChainEncoding.contentHash(draft);
    return draft.withHashes(content, ChainEncoding.chainHash(previous, content));
  }

  private void commit(Handle h, List<Prepared> prepared) {
    try {
      h.commit();
    } catch (RuntimeException e) {
      Boolean committed = settle(prepared.get(prepared.size() - 1).entry());
      if (committed == null) {
        LOG.error(
            "the commit of {} audit entries of chain {} broke off and its outcome cannot be"
                + " read back: {}",
            prepared.size(),
            chainId,
            e.toString());
        failTaken(
            new PlatformException(
                ErrorCode.DEPENDENCY_UNAVAILABLE,
                "the audit log could not confirm whether this change was saved; check the"
                    + " audit log before retrying"));
        return;
      }
      if (!committed) {
        failTaken(ChainWriter.unavailable(e));
        return;
      }
      LOG.warn("the commit of chain {} reported a failure but its entries are stored", chainId);
    }
    complete(prepared);
  }

  /** Whether {@code last} is stored, read on a fresh connection; null if that cannot be read. */
  private Boolean settle(AuditEntry last) {
    try (Handle check = writer.jdbi.open()) {
      check.getConnection().setNetworkTimeout(Runnable::run, 5_000);
      return AuditEntries.exists(check, last.id());
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void complete(List<Prepared> prepared) {
    for (Prepared p : prepared) {
      ((Pending) p.pending()).future.complete(new Pending.Appended(p.entry(), p.result()));
    }
    writer.committed.accept(prepared.get(prepared.size() - 1).entry());
  }

  private void failTaken(PlatformException failure) {
    for (Pending<?> p : taken) {
      p.future.completeExceptionally(failure);
    }
  }

  /** A refusal caused by the values of a row (SQLSTATE classes 22 and 23). */
  private static boolean dataError(UnableToExecuteStatementException e) {
    String state = PlatformException.sqlState(e);
    return state.startsWith("22") || state.startsWith("23");
  }

  private static void setContext(Map<String, String> mdc) {
    if (mdc == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(mdc);
    }
  }

  private static void rollbackQuietly(Handle h) {
    try {
      if (h.isInTransaction()) {
        h.rollback();
      }
    } catch (RuntimeException e) {
      LOG.debug("rollback failed: {}", e.toString());
    }
  }

  private static void closeQuietly(Handle h) {
    try {
      h.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the batch connection failed: {}", e.toString());
    }
  }
}
