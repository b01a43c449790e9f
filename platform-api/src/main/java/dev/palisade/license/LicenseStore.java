package dev.palisade.license;

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
import java.util.UUID;

/** The {@code licenses} and {@code license_state} tables of the install database. */
@Singleton
final class LicenseStore {
  private final InstallDatabase install;

  LicenseStore(InstallDatabase install) {
    this.install = install;
  }

  /** A license as stored: the signed text and how it arrived. */
  record Stored(
      UUID id,
      String document,
      String keyId,
      byte[] signature,
      String source,
      String storedBy,
      Instant storedAt) {}

  /** The state last recorded and the last reconcile result. */
  record StateRow(
      LicenseState state,
      Instant changedAt,
      Instant reconciledAt,
      String reconcileOutcome,
      String reconcileSummary,
      String latestVersion) {}

  Optional<Stored> current() {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select id, document, key_id, signature, source, stored_by, stored_at"
                    + " from licenses where superseded_at is null")) {
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Stored(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getBytes(4),
                rs.getString(5),
                rs.getString(6),
                rs.getTimestamp(7).toInstant()));
      }
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  /** Makes {@code signed} the current license in the caller's transaction; the old one is kept. */
  void replaceCurrent(Connection c, SignedLicense signed, String source, String actor, Instant now)
      throws SQLException {
    License l = signed.license();
    try (PreparedStatement ps =
        c.prepareStatement("update licenses set superseded_at = ? where superseded_at is null")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into licenses (id, license_id, customer, issued_at, expires_at, key_id,"
                + " document, signature, source, stored_by, stored_at)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setObject(1, UUID.randomUUID());
      ps.setString(2, l.licenseId());
      ps.setString(3, l.customer());
      ps.setTimestamp(4, Timestamp.from(l.issuedAt()));
      ps.setTimestamp(5, Timestamp.from(l.expiresAt()));
      ps.setString(6, signed.keyId());
      ps.setString(7, signed.document());
      ps.setBytes(8, signed.signature());
      ps.setString(9, source);
      ps.setString(10, actor);
      ps.setTimestamp(11, Timestamp.from(now));
      ps.executeUpdate();
    }
  }

  StateRow state() {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "select state, changed_at, reconciled_at, reconcile_outcome, reconcile_summary,"
                    + " latest_version from license_state where id = 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      Timestamp reconciled = rs.getTimestamp(3);
      return new StateRow(
          LicenseState.parse(rs.getString(1)),
          rs.getTimestamp(2).toInstant(),
          reconciled == null ? null : reconciled.toInstant(),
          rs.getString(4),
          rs.getString(5),
          rs.getString(6));
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }

  /** Moves the recorded state from {@code from} to {@code to}; false if another did it first. */
  boolean transition(Connection c, LicenseState from, LicenseState to, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update license_state set state = ?, changed_at = ? where id = 1 and state = ?")) {
      ps.setString(1, to.value());
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setString(3, from.value());
      return ps.executeUpdate() == 1;
    }
  }

  /** Records a reconcile result; a null {@code latestVersion} keeps the one known before. */
  void recordReconcile(Instant at, String outcome, String summary, String latestVersion) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "update license_state set reconciled_at = ?, reconcile_outcome = ?,"
                    + " reconcile_summary = ?, latest_version = coalesce(?, latest_version)"
                    + " where id = 1")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, outcome);
      ps.setString(3, summary);
      ps.setString(4, latestVersion);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw PlatformException.database("install database error", e);
    }
  }
}
