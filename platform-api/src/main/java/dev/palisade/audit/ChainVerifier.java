package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.DatabaseConfig;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Verifies a chain by streaming its entries in sequence order and recomputing every content and
 * chain hash, then checks every signed checkpoint against the recomputed chain and the head. Needs
 * no keys: sealed metadata is hashed as ciphertext.
 *
 * <p>Callers that verify one chain while a verification of it runs share that run ({@link
 * SharedVerifications}). Entries are read a page at a time, each page on a connection given back
 * before the page is checked, and a chain is split into at most two fewer segments than the
 * connections of one organization database, so a verification never holds the connections its
 * chain's appends need.
 */
@Singleton
public final class ChainVerifier {
  /** Entries read on one connection at a time. */
  private static final int PAGE = 5_000;

  private final Databases databases;
  private final Checkpoints checkpoints;
  private final int parallelism =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  private final ExecutorService pool =
      Executors.newFixedThreadPool(
          parallelism,
          r -> {
            Thread t = new Thread(r, "palisade-audit-verify");
            t.setDaemon(true);
            return t;
          });

  private final long parallelFrom;
  private final int connections;
  private final SharedVerifications shared;
  private final CheckpointMarks marks;
  private final VerificationMetrics metrics;

  ChainVerifier(
      Databases databases,
      Checkpoints checkpoints,
      CheckpointMarks marks,
      AuditConfig config,
      DatabaseConfig databaseConfig,
      MeterRegistry registry,
      Clock clock) {
    this.databases = databases;
    this.checkpoints = checkpoints;
    this.marks = marks;
    this.parallelFrom = config.verifyParallelFrom();
    this.connections = Math.max(1, databaseConfig.tenantPoolSize() - 2);
    this.shared = new SharedVerifications(registry);
    this.metrics = new VerificationMetrics(registry, clock);
  }

  /**
   * Verifies the whole chain; a caller that arrives while a verification of this chain runs gets
   * that run's result.
   */
  public Verification verify(Scope chain) {
    return shared.verify(chain.id(), () -> run(chain, null));
  }

  /**
   * Verifies from the newest checkpoint at or below {@code fromSequence} (for jobs that verify
   * incrementally); the part below it is trusted because its checkpoint still matches.
   */
  public Verification verifyFrom(Scope chain, long fromSequence) {
    return run(chain, fromSequence);
  }

  private Verification run(Scope chain, Long from) {
    Optional<Checkpoint> mark = Optional.empty();
    boolean markReadable = true;
    try {
      mark = marks.read(chain);
    } catch (IllegalArgumentException e) {
      markReadable = false;
    }
    CheckpointCheck check =
        new CheckpointCheck(
            checkpoints.of(chain.id()),
            mark,
            checkpoints.signer().publicKey(),
            checkpoints.signer().keyId());
    Map<Long, Checkpoint> cps = check.valid;
    if (!markReadable) {
      check.markUnreadable();
    }
    Checkpoint start = null;
    if (from != null) {
      for (Checkpoint cp : cps.values()) {
        if (cp.sequence() <= from) {
          start = cp;
        }
      }
    }
    Verification v;
    try {
      v = walk(chain.id(), databases.of(chain), check, start);
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read the audit chain", e);
    }
    metrics.verified(chain.id(), v);
    return v;
  }

  /**
   * Verifies the chain {@code chainId} as it is in a copy of its database ({@code copy}: a database
   * restored from a backup) with the same walk as a live chain, against {@code checkpoints} and
   * {@code mark} as given by the caller.
   */
  Verification verifyCopy(
      String chainId, Jdbi copy, List<Checkpoint> checkpoints, Optional<Checkpoint> mark) {
    CheckpointCheck check =
        new CheckpointCheck(
            checkpoints,
            mark,
            this.checkpoints.signer().publicKey(),
            this.checkpoints.signer().keyId());
    try {
      return walk(chainId, copy, check, null);
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read the restored audit chain", e);
    }
  }

  private Verification walk(String chain, Jdbi db, CheckpointCheck check, Checkpoint start) {
    Map<Long, Checkpoint> cps = check.valid;
    List<Verification.CheckpointMismatch> mismatches = check.mismatches;
    long lo = start == null ? 1 : start.sequence() + 1;
    long max = db.withHandle(AuditEntries::maxSequence);
    long n = Math.max(0, max - lo + 1);
    int parts = n >= parallelFrom ? Math.min(Math.max(2, parallelism), connections) : 1;
    long size = Math.max(1, (n + parts - 1) / parts);
    List<Future<ChainSegment.Result>> futures = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      long segFrom = lo + i * size;
      long segTo = i == parts - 1 ? Math.max(max, lo - 1) : Math.min(max, segFrom + size - 1);
      byte[] anchor = i == 0 && start != null ? start.chainHash() : null;
      ChainSegment segment = new ChainSegment(chain, segFrom, segTo, anchor, cps);
      Callable<ChainSegment.Result> task = () -> segment.run(db, PAGE);
      futures.add(parts == 1 ? CompletableFuture.completedFuture(call(task)) : pool.submit(task));
    }
    long count = 0;
    int checked = 0;
    ChainSegment.Result bad = null;
    ChainSegment.Result last = null;
    for (Future<ChainSegment.Result> f : futures) {
      ChainSegment.Result r = get(f);
      checked += r.checkpointsChecked();
      mismatches.addAll(r.mismatches());
      if (bad == null) {
        count += r.entries();
        last = r;
        if (r.firstBad() != null) {
          bad = r;
        }
      }
    }
    Long firstBad = bad == null ? null : bad.firstBad();
    long lastGood = bad == null ? (last == null ? lo - 1 : last.lastGood()) : bad.lastGood();
    String detail = bad == null ? null : bad.detail();
    if (detail != null && !detail.startsWith("broken")) {
      long next = nextAfter(db, lastGood);
      detail =
          next == 0
              ? "broken after entry " + lastGood + ": " + detail
              : ChainSegment.missing(lastGood + 1, next);
    }
    String truncation = db.withHandle(h -> truncation(h, chain, cps, max));
    return result(
        chain,
        start,
        check,
        count,
        checked,
        firstBad,
        lastGood,
        detail,
        truncation,
        bad == null ? last : null);
  }

  private static long nextAfter(Jdbi db, long sequence) {
    return db.withHandle(
        h ->
            h.createQuery(
                    "select coalesce(min(sequence), 0) from audit_entries where sequence > :s")
                .bind("s", sequence)
                .mapTo(Long.class)
                .one());
  }

  private Verification result(
      String chain,
      Checkpoint start,
      CheckpointCheck check,
      long count,
      int checked,
      Long firstBad,
      long lastGood,
      String detail,
      String truncation,
      ChainSegment.Result tail) {
    Map<Long, Checkpoint> cps = check.valid;
    List<Verification.CheckpointMismatch> mismatches = check.mismatches;
    String checkpointProblem = check.problem();
    Long mismatchAt =
        mismatches.stream()
            .map(Verification.CheckpointMismatch::sequence)
            .min(Long::compare)
            .orElse(null);
    if (firstBad == null && mismatchAt != null) {
      long goodBefore = 0;
      for (Checkpoint cp : cps.values()) {
        if (cp.sequence() < mismatchAt
            && mismatches.stream().noneMatch(m -> m.sequence() == cp.sequence())) {
          goodBefore = cp.sequence();
        }
      }
      firstBad = mismatchAt;
      lastGood = goodBefore;
      detail =
          "broken between entries "
              + goodBefore
              + " and "
              + mismatchAt
              + ": links are consistent but the signed checkpoint at "
              + mismatchAt
              + " no longer matches, so the chain was rewritten";
    }
    boolean intact =
        firstBad == null && truncation == null && mismatches.isEmpty() && checkpointProblem == null;
    Verification.Head head =
        tail == null || tail.lastHash() == null || (tail.lastTime() == null && start == null)
            ? null
            : new Verification.Head(
                tail.lastGood(),
                HexFormat.of().formatHex(tail.lastHash()),
                tail.lastTime() == null ? null : tail.lastTime().toString());
    return new Verification(
        intact ? "intact" : "broken",
        chain,
        count,
        head,
        intact ? null : firstBad,
        intact ? null : lastGood,
        intact ? null : first(detail, checkpointProblem, truncation),
        truncation,
        checked,
        mismatches.isEmpty() ? null : List.copyOf(mismatches),
        check.missing.isEmpty() ? null : List.copyOf(check.missing),
        start == null ? null : start.sequence() + 1);
  }

  private static String first(String... texts) {
    for (String t : texts) {
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static <T> T call(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChainSegment.Result get(Future<ChainSegment.Result> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(ErrorCode.DEPENDENCY_UNAVAILABLE, "interrupted");
    }
  }

  /**
   * The chain ends below a signed checkpoint, or below the head row: entries were removed. {@code
   * last} is where the chain ended when the walk began; an append committed since then moves the
   * head and adds its entries in one transaction, so the head is read first and the chain's end
   * again after it: entries up to the head mean the chain grew, not that it lost any.
   */
  static String truncation(
      org.jdbi.v3.core.Handle h, String chain, Map<Long, Checkpoint> cps, long last) {
    long highestCheckpoint = cps.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    if (highestCheckpoint > last) {
      return "truncated: the chain ends at entry "
          + last
          + " but a signed checkpoint covers entry "
          + highestCheckpoint;
    }
    long recorded = ChainHeads.read(h, chain).map(ChainHeads.Head::sequence).orElse(0L);
    if (recorded <= last) {
      return null;
    }
    long end = AuditEntries.maxSequence(h);
    if (end >= recorded) {
      return null;
    }
    return "truncated: the chain ends at entry " + end + " but its head records entry " + recorded;
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
