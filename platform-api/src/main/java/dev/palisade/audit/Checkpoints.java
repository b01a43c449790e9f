package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 */
@Singleton
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
  private static final RowMapper<Checkpoint> ROW =
      (rs, ctx) ->
          new Checkpoint(
              rs.getString("chain_id"),
              rs.getLong("sequence"),
              rs.getBytes("chain_hash"),
              rs.getObject("signed_at", OffsetDateTime.class).toInstant(),
              rs.getString("key_id"),
              rs.getBytes("signature"));

  private final Jdbi install;
  private final CheckpointSigner signer;
  private final AuditConfig config;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Map<String, AuditEntry> latest = new ConcurrentHashMap<>();
  private final Map<String, Long> signedUpTo = new ConcurrentHashMap<>();
  private final Map<String, Instant> signedAt = new ConcurrentHashMap<>();

  Checkpoints(Databases databases, CheckpointSigner signer, AuditConfig config, Clock clock) {
    this.install = databases.install();
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

  void onCommitted(AuditEntry last) {
    signedAt.putIfAbsent(last.chainId(), clock.instant());
    latest.merge(last.chainId(), last, (a, b) -> a.sequence() >= b.sequence() ? a : b);
    long since = last.sequence() - signedUpTo.getOrDefault(last.chainId(), 0L);
    if (since >= config.checkpointEntries()) {
      executor.execute(() -> signIfNew(last.chainId()));
    }
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
      sign(head);
    } catch (RuntimeException e) {
      LOG.error("signing a checkpoint of chain {} failed: {}", chainId, e.getMessage());
    }
  }

  /** Signs and stores a checkpoint at {@code head}; idempotent per (chain, sequence). */
  public Checkpoint sign(AuditEntry head) {
    Instant now = ChainEncoding.truncate(clock.instant());
    byte[] sig =
        signer.sign(
            CheckpointSigner.message(head.chainId(), head.sequence(), head.chainHash(), now));
    Checkpoint cp =
        new Checkpoint(head.chainId(), head.sequence(), head.chainHash(), now, signer.keyId(), sig);
    try {
      install.useHandle(
          h ->
              h.createUpdate(
                      "insert into audit_checkpoints (chain_id, sequence, chain_hash, signed_at,"
                          + " key_id, signature) values (:chainId, :sequence, :chainHash,"
                          + " :signedAt, :keyId, :signature) on conflict do nothing")
                  .bindMethods(cp)
                  .execute());
    } catch (JdbiException e) {
      throw PlatformException.database("cannot store checkpoint", e);
    }
    signedUpTo.merge(head.chainId(), head.sequence(), Math::max);
    signedAt.put(head.chainId(), now);
    return cp;
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
                      "select chain_id, sequence, chain_hash, signed_at, key_id, signature"
                          + " from audit_checkpoints where chain_id = :chain order by sequence")
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
