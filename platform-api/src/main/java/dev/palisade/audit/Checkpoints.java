package dev.palisade.audit;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs checkpoints of every chain into the install database: after {@code checkpointEntries} new
 * entries, and every {@code checkpointInterval} for a chain that grew since its last one. Signing
 * runs off the append path; a failure is logged and retried at the next trigger.
 */
@Singleton
public final class Checkpoints {
  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  private final InstallDatabase install;
  private final CheckpointSigner signer;
  private final AuditConfig config;
  private final ScheduledExecutorService executor;
  private final Map<String, AuditEntry> latest = new ConcurrentHashMap<>();
  private final Map<String, Long> signedUpTo = new ConcurrentHashMap<>();

  Checkpoints(InstallDatabase install, CheckpointSigner signer, AuditConfig config) {
    this.install = install;
    this.signer = signer;
    this.config = config;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "palisade-audit-checkpoints");
              t.setDaemon(true);
              return t;
            });
    long every = config.checkpointInterval().toMillis();
    executor.scheduleWithFixedDelay(this::signAllDue, every, every, TimeUnit.MILLISECONDS);
  }

  void onCommitted(AuditEntry last) {
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
    Instant now = ChainEncoding.truncate(Instant.now());
    byte[] sig =
        signer.sign(
            CheckpointSigner.message(head.chainId(), head.sequence(), head.chainHash(), now));
    Checkpoint cp =
        new Checkpoint(head.chainId(), head.sequence(), head.chainHash(), now, signer.keyId(), sig);
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into audit_checkpoints (chain_id, sequence, chain_hash, signed_at, key_id,"
                    + " signature) values (?, ?, ?, ?, ?, ?) on conflict do nothing")) {
      ps.setString(1, cp.chainId());
      ps.setLong(2, cp.sequence());
      ps.setBytes(3, cp.chainHash());
      ps.setObject(4, OffsetDateTime.ofInstant(cp.signedAt(), ZoneOffset.UTC));
      ps.setString(5, cp.keyId());
      ps.setBytes(6, cp.signature());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot store checkpoint (" + e.getSQLState() + ")", e);
    }
    signedUpTo.merge(head.chainId(), head.sequence(), Math::max);
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
    List<Checkpoint> out = new ArrayList<>();
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select sequence, chain_hash, signed_at, key_id, signature from audit_checkpoints"
                    + " where chain_id = ? order by sequence")) {
      ps.setString(1, chainId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Checkpoint(
                  chainId,
                  rs.getLong(1),
                  rs.getBytes(2),
                  rs.getObject(3, OffsetDateTime.class).toInstant(),
                  rs.getString(4),
                  rs.getBytes(5)));
        }
      }
    } catch (SQLException e) {
      throw new PlatformException(
          ErrorCode.DEPENDENCY_UNAVAILABLE, "cannot read checkpoints (" + e.getSQLState() + ")", e);
    }
    return out;
  }

  public CheckpointSigner signer() {
    return signer;
  }

  @PreDestroy
  void stop() {
    executor.shutdown();
  }
}
