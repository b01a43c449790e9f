package dev.palisade.audit;

import dev.palisade.errors.PlatformException;
import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** The {@code audit_verifications} table: how far each chain has been verified, and when fully. */
@Singleton
final class VerificationProgress {
  record State(long verifiedThrough, Instant verifiedAt, Instant fullAt, String status) {}

  private final InstallDatabase install;

  VerificationProgress(InstallDatabase install) {
    this.install = install;
  }

  Optional<State> of(String chainId) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select verified_through, verified_at, full_at, status from audit_verifications"
                    + " where chain_id = ?")) {
      ps.setString(1, chainId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp full = rs.getTimestamp(3);
        return Optional.of(
            new State(
                rs.getLong(1),
                rs.getTimestamp(2).toInstant(),
                full == null ? null : full.toInstant(),
                rs.getString(4)));
      }
    } catch (SQLException e) {
      throw PlatformException.database("cannot read verification progress", e);
    }
  }

  /** Records a pass; a broken chain keeps its last good position so the next pass re-checks it. */
  void record(String chainId, long through, Instant at, boolean full, boolean intact) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into audit_verifications (chain_id, verified_through, verified_at,"
                    + " full_at, status) values (?, ?, ?, ?, ?)"
                    + " on conflict (chain_id) do update set"
                    + " verified_through = case when excluded.status = 'intact'"
                    + "   then excluded.verified_through else audit_verifications.verified_through"
                    + " end,"
                    + " verified_at = excluded.verified_at,"
                    + " full_at = coalesce(excluded.full_at, audit_verifications.full_at),"
                    + " status = excluded.status")) {
      ps.setString(1, chainId);
      ps.setLong(2, intact ? through : 0);
      ps.setTimestamp(3, Timestamp.from(at));
      ps.setTimestamp(4, full && intact ? Timestamp.from(at) : null);
      ps.setString(5, intact ? "intact" : "broken");
      ps.executeUpdate();
    } catch (SQLException e) {
      throw PlatformException.database("cannot record verification progress", e);
    }
  }
}
