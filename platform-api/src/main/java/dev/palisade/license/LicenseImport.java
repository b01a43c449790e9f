package dev.palisade.license;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.crypto.Hashes;
import dev.palisade.events.Evidence;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a verified license current: checks it is for this install, not past its grace period and
 * not older than the current one, then stores it, projects entitlements and appends {@code
 * license.imported} (or {@code license.refreshed}) to the install chain in one transaction, and
 * issues a signed receipt. A refused license changes nothing.
 */
@Singleton
final class LicenseImport {
  private static final Logger LOG = LoggerFactory.getLogger(LicenseImport.class);
  static final String SOURCE_IMPORT = "import";
  static final String SOURCE_CONTROL_PLANE = "control-plane";

  private final CurrentLicense current;
  private final LicenseStore store;
  private final Entitlements entitlements;
  private final AuditLog audit;
  private final Evidence evidence;
  private final Databases databases;

  LicenseImport(
      Databases databases,
      CurrentLicense current,
      LicenseStore store,
      Entitlements entitlements,
      AuditLog audit,
      Evidence evidence) {
    this.databases = databases;
    this.current = current;
    this.store = store;
    this.entitlements = entitlements;
    this.audit = audit;
    this.evidence = evidence;
  }

  /**
   * Stores {@code signed} unless it is the current license already; returns whether it was stored.
   * Throws a 422 naming the field for a license of another install, past its grace period, or
   * issued before the current one.
   */
  boolean store(SignedLicense signed, String source, String actor) {
    Instant now = current.now();
    License l = signed.license();
    LicenseVerifier.checkUsable(l, current.installId(), now);
    LicenseStore.Stored existing = store.current().orElse(null);
    if (existing != null && existing.document().equals(signed.document())) {
      return false;
    }
    if (existing != null) {
      License before = LicenseDocument.parse(existing.document());
      if (l.issuedAt().isBefore(before.issuedAt())) {
        throw LicenseDocument.bad(
            "license.issuedAt",
            "is before that of the current license "
                + before.licenseId()
                + " ("
                + before.issuedAt()
                + "); an older license cannot replace a newer one");
      }
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("licenseId", l.licenseId());
    meta.put("keyId", signed.keyId());
    meta.put("source", source);
    meta.put("expiresAt", l.expiresAt().toString());
    meta.put("documentSha256", Hashes.sha256Hex(signed.document()));
    audit.change(
        Scope.install(),
        h -> {
          store.replaceCurrent(h, signed, source, actor, now);
          return entitlements.projectAll(h, l, now);
        },
        n ->
            AuditEvent.by(actor.startsWith("system") ? "system" : "user", actor)
                .subject("license", l.licenseId())
                .publicMetadata(meta)
                .action(SOURCE_IMPORT.equals(source) ? "license.imported" : "license.refreshed"));
    evidence.issue(
        SOURCE_IMPORT.equals(source) ? "license.import" : "license.refresh",
        actor,
        null,
        l.licenseId(),
        Evidence.SUCCEEDED,
        meta);
    LOG.info("license {} stored from {} by {}", l.licenseId(), source, actor);
    return true;
  }

  /** Re-projects every organization's entitlements under {@code license} (derived data only). */
  void reproject(License license) {
    databases.inTransaction(
        Scope.install(), h -> entitlements.projectAll(h, license, current.now()));
  }
}
