package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs checkpoints of every chain into the install database's {@code audit_checkpoints}: after
 * {@code checkpointEntries} new entries, and once {@code checkpointInterval} has passed (by the
 * platform's clock, looked at every second) for a chain that grew since its last one. Signing runs
 * off the append path; a failure is logged and retried at the next trigger.
 *
 * <p>A chain's checkpoints are numbered 1, 2, 3, … without gaps, and each is signed at a higher
 * sequence than the one before: signing takes a transaction-scoped advisory lock on the chain in
 * the install database, so two signers (threads or instances) never sign the same position or the
 * same number. After each checkpoint the chain's mark ({@link CheckpointMarks}) is moved up.
 */
@Singleton
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  /** First key of the advisory lock taken while signing a chain's next checkpoint. */
  private static final int LOCK_CLASS = 0x70616c63;

  /** A checkpoint row: {@code audit_checkpoints}, or a mark selected with the same names. */
  static final RowMapper<Checkpoint> ROW =
      (rs, ctx) ->
          new Checkpoint(
              rs.getString("chain_id"),
              rs.getLong("sequence"),
              rs.getBytes("chain_hash"),
              rs.getObject("signed_at", OffsetDateTime.class).toInstant(),
              rs.getString("key_id"),
              rs.getBytes("signature"),
              rs.getLong("number"),
              rs.getInt("version"));

  private final Jdbi install;
  private final CheckpointSigner signer;
  private final AuditConfig config;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final CheckpointMarks marks;
  private final Map<String, Scope> scopes = new ConcurrentHashMap<>();
  private final Map<String, AuditEntry> latest = new ConcurrentHashMap<>();
  private final Map<String, Long> signedUpTo = new ConcurrentHashMap<>();
  private final Map<String, Instant> signedAt = new ConcurrentHashMap<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();

  Checkpoints(
      Databases databases,
      CheckpointSigner signer,
      CheckpointMarks marks,
      AuditConfig config,
      Clock clock) {
    this.install = databases.install();
    this.marks = marks;
    this.signer = signer;
    this.config = config;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "palisade-audit-checkpoints");
              t.setDaemon(true);
              return t;
            });
    long tick = Math.min(1_000, config.checkpointInterval().toMillis());
    executor.scheduleWithFixedDelay(this::signIntervalDue, tick, tick, TimeUnit.MILLISECONDS);
  }

  void onCommitted(Scope chain, AuditEntry last) {
    scopes.putIfAbsent(last.chainId(), chain);
    signedAt.putIfAbsent(last.chainId(), clock.instant());
    latest.merge(last.chainId(), last, (a, b) -> a.sequence() >= b.sequence() ? a : b);
    if (entriesDue(last.chainId()) && queued.add(last.chainId())) {
      executor.execute(
          () -> {
            queued.remove(last.chainId());
            if (entriesDue(last.chainId())) {
              signIfNew(last.chainId());
            }
          });
    }
  }

  /**
   * Whether the chain has grown by {@code checkpointEntries} since its last checkpoint. Checked
   * again when the signing task runs: the commits that arrive while a checkpoint is being signed
   * queue at most one more task, and it signs only if they were that many entries.
   */
  private boolean entriesDue(String chainId) {
    AuditEntry head = latest.get(chainId);
    return head != null
        && head.sequence() - signedUpTo.getOrDefault(chainId, 0L) >= config.checkpointEntries();
  }

  private void signAllDue() {
    for (String chainId : latest.keySet()) {
      signIfNew(chainId);
    }
  }

  /** Chains whose last checkpoint is at least one interval old by the clock. */
  private void signIntervalDue() {
    Instant due = clock.instant().minus(config.checkpointInterval());
    for (String chainId : latest.keySet()) {
      Instant last = signedAt.get(chainId);
      if (last == null || !last.isAfter(due)) {
        signIfNew(chainId);
      }
    }
  }

  private void signIfNew(String chainId) {
    AuditEntry head = latest.get(chainId);
    if (head == null || head.sequence() <= signedUpTo.getOrDefault(chainId, 0L)) {
      return;
    }
    try {
      sign(scopes.get(chainId), head);
    } catch (RuntimeException e) {
      LOG.error("signing a checkpoint of chain {} failed: {}", chainId, e.getMessage());
    }
  }

  /**
   * Signs and stores the chain's next checkpoint at {@code head}, unless a checkpoint at or above
   * {@code head} is stored already (then nothing is signed), and moves the chain's mark up.
   */
  public Optional<Checkpoint> sign(Scope chain, AuditEntry head) {
    Optional<Checkpoint> cp;
    try {
      cp = install.inTransaction(h -> signNext(h, head));
    } catch (JdbiException e) {
      throw PlatformException.database("cannot store checkpoint", e);
    }
    signedUpTo.merge(head.chainId(), head.sequence(), Math::max);
    cp.ifPresent(
        c -> {
          signedAt.put(head.chainId(), c.signedAt());
          LOG.info(
              "signed checkpoint #{} of chain {} at entry {}: {}",
              c.number(),
              c.chainId(),
              c.sequence(),
              HexFormat.of().formatHex(c.chainHash()));
          try {
            marks.keep(chain, c);
          } catch (RuntimeException e) {
            LOG.warn(
                "the mark of chain {} lags until its next checkpoint: {}",
                c.chainId(),
                e.getMessage());
          }
        });
    return cp;
  }

  private Optional<Checkpoint> signNext(Handle h, AuditEntry head) {
    h.createQuery("select 1 from pg_advisory_xact_lock(:lockClass, hashtext(:chain))")
        .bind("lockClass", LOCK_CLASS)
        .bind("chain", head.chainId())
        .mapTo(Integer.class)
        .one();
    long[] newest =
        h.createQuery(
                "select coalesce(max(number), 0), coalesce(max(sequence), 0)"
                    + " from audit_checkpoints where chain_id = :chain")
            .bind("chain", head.chainId())
            .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .one();
    if (head.sequence() <= newest[1]) {
      return Optional.empty();
    }
    long number = newest[0] + 1;
    Instant now = ChainEncoding.truncate(clock.instant());
    byte[] sig =
        signer.sign(
            Checkpoint.message(2, head.chainId(), number, head.sequence(), head.chainHash(), now));
    Checkpoint cp =
        new Checkpoint(
            head.chainId(), head.sequence(), head.chainHash(), now, signer.keyId(), sig, number, 2);
    h.createUpdate(
            "insert into audit_checkpoints (chain_id, sequence, chain_hash, signed_at, key_id,"
                + " signature, number, version) values (:chainId, :sequence, :chainHash,"
                + " :signedAt, :keyId, :signature, :number, :version)")
        .bindMethods(cp)
        .execute();
    return Optional.of(cp);
  }

  /** Signs every chain this instance appended to and has not checkpointed yet; for tests, jobs. */
  public void flush() {
    try {
      executor.submit(this::signAllDue).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new PlatformException(ErrorCode.INTERNAL, "checkpoint flush failed", e);
    }
  }

  public List<Checkpoint> of(String chainId) {
    try {
      return install.withHandle(
          h ->
              h.createQuery(
                      "select chain_id, sequence, chain_hash, signed_at, key_id, signature,"
                          + " number, version from audit_checkpoints where chain_id = :chain"
                          + " order by number")
                  .bind("chain", chainId)
                  .map(ROW)
                  .list());
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read checkpoints", e);
    }
  }

  public CheckpointSigner signer() {
    return signer;
  }

  @PreDestroy
  void stop() {
    executor.shutdown();
  }
}
