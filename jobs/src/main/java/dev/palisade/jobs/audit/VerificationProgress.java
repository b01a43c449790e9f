package dev.palisade.jobs.audit;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The {@code audit_verifications} table: how far each chain has been verified, and when fully. */
@Singleton
final class VerificationProgress {
  record State(long verifiedThrough, Instant verifiedAt, Instant fullAt, String status) {}

  private final Jdbi install;

  VerificationProgress(Databases databases) {
    this.install = databases.install();
  }

  Optional<State> of(String chainId) {
    try {
      return install.withHandle(
          h ->
              h.createQuery(
                      "select verified_through, verified_at, full_at, status"
                          + " from audit_verifications where chain_id = :chain")
                  .bind("chain", chainId)
                  .map(
                      (rs, ctx) -> {
                        OffsetDateTime full = rs.getObject(3, OffsetDateTime.class);
                        return new State(
                            rs.getLong(1),
                            rs.getObject(2, OffsetDateTime.class).toInstant(),
                            full == null ? null : full.toInstant(),
                            rs.getString(4));
                      })
                  .findOne());
    } catch (JdbiException e) {
      throw PlatformException.database("cannot read verification progress", e);
    }
  }

  /** Records a pass; a broken chain keeps its last good position so the next pass re-checks it. */
  void record(String chainId, long through, Instant at, boolean full, boolean intact) {
    try {
      install.useHandle(
          h ->
              h.createUpdate(
                      "insert into audit_verifications (chain_id, verified_through, verified_at,"
                          + " full_at, status) values (:chain, :through, :at, :fullAt, :status)"
                          + " on conflict (chain_id) do update set"
                          + " verified_through = case when excluded.status = 'intact'"
                          + " then excluded.verified_through"
                          + " else audit_verifications.verified_through end,"
                          + " verified_at = excluded.verified_at,"
                          + " full_at = coalesce(excluded.full_at, audit_verifications.full_at),"
                          + " status = excluded.status")
                  .bind("chain", chainId)
                  .bind("through", intact ? through : 0)
                  .bind("at", at)
                  .bind("fullAt", full && intact ? at : null)
                  .bind("status", intact ? "intact" : "broken")
                  .execute());
    } catch (JdbiException e) {
      throw PlatformException.database("cannot record verification progress", e);
    }
  }
}
