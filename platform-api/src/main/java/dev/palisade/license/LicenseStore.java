package dev.palisade.license;

import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code licenses} and {@code license_state} tables of the install database. */
@Singleton
final class LicenseStore {
  private final Jdbi install;

  LicenseStore(Databases databases) {
    this.install = databases.install();
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
    return install.withHandle(
        h ->
            h.createQuery(
                    "select id, document, key_id, signature, source, stored_by, stored_at"
                        + " from licenses where superseded_at is null")
                .map(
                    (rs, ctx) ->
                        new Stored(
                            rs.getObject(1, UUID.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getBytes(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getObject(7, OffsetDateTime.class).toInstant()))
                .findOne());
  }

  /** Makes {@code signed} the current license in the caller's transaction; the old one is kept. */
  void replaceCurrent(Handle h, SignedLicense signed, String source, String actor, Instant now) {
    License l = signed.license();
    h.createUpdate("update licenses set superseded_at = :now where superseded_at is null")
        .bind("now", now)
        .execute();
    h.createUpdate(
            "insert into licenses (id, license_id, customer, issued_at, expires_at, key_id,"
                + " document, signature, source, stored_by, stored_at) values (:id, :licenseId,"
                + " :customer, :issuedAt, :expiresAt, :keyId, :document, :signature, :source,"
                + " :actor, :now)")
        .bind("id", UUID.randomUUID())
        .bind("licenseId", l.licenseId())
        .bind("customer", l.customer())
        .bind("issuedAt", l.issuedAt())
        .bind("expiresAt", l.expiresAt())
        .bind("keyId", signed.keyId())
        .bind("document", signed.document())
        .bind("signature", signed.signature())
        .bind("source", source)
        .bind("actor", actor)
        .bind("now", now)
        .execute();
  }

  StateRow state() {
    return install.withHandle(
        h ->
            h.createQuery(
                    "select state, changed_at, reconciled_at, reconcile_outcome,"
                        + " reconcile_summary, latest_version from license_state where id = 1")
                .map(
                    (rs, ctx) -> {
                      OffsetDateTime reconciled = rs.getObject(3, OffsetDateTime.class);
                      return new StateRow(
                          LicenseState.parse(rs.getString(1)),
                          rs.getObject(2, OffsetDateTime.class).toInstant(),
                          reconciled == null ? null : reconciled.toInstant(),
                          rs.getString(4),
                          rs.getString(5),
                          rs.getString(6));
                    })
                .one());
  }

  /** Moves the recorded state from {@code from} to {@code to}; false if another did it first. */
  boolean transition(Handle h, LicenseState from, LicenseState to, Instant now) {
    return h.createUpdate(
                "update license_state set state = :to, changed_at = :now where id = 1"
                    + " and state = :from")
            .bind("to", to.value())
            .bind("now", now)
            .bind("from", from.value())
            .execute()
        == 1;
  }

  /** Records a reconcile result; a null {@code latestVersion} keeps the one known before. */
  void recordReconcile(Instant at, String outcome, String summary, String latestVersion) {
    install.useHandle(
        h ->
            h.createUpdate(
                    "update license_state set reconciled_at = :at, reconcile_outcome = :outcome,"
                        + " reconcile_summary = :summary,"
                        + " latest_version = coalesce(:latest, latest_version) where id = 1")
                .bind("at", at)
                .bind("outcome", outcome)
                .bind("summary", summary)
                .bind("latest", latestVersion)
                .execute());
  }
}
