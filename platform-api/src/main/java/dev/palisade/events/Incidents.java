package dev.palisade.events;

import static java.util.Objects.requireNonNull;

import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incidents are conditions, not occurrences: one (kind, subject) has at most one active incident,
 * which repeats update (last seen, occurrences) and which is resolved when the condition clears.
 * Like security events, opening or resolving one never throws.
 */
@Singleton
public final class Incidents {
  private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);

  /** The most incidents {@link #active()} returns. */
  public static final int ACTIVE_LIMIT = 100;

  /** Documented incident kinds. */
  public static final String KEY_PROVIDER_UNREACHABLE = "keyProviderUnreachable";

  public static final String AUDIT_CHAIN_BROKEN = "auditChainBroken";
  public static final String LICENSE_INVALID = "licenseInvalid";
  public static final String JOB_FAILING = "jobFailing";
  public static final String STORAGE_BINDING_UNREACHABLE = "storageBindingUnreachable";
  public static final String STORAGE_MIGRATION_FAILED = "storageMigrationFailed";
  public static final String BACKUP_UNVERIFIED = "backupUnverified";

  /** Every documented kind; a kind added above must be added here (metrics and docs list it). */
  public static final List<String> KINDS =
      List.of(
          KEY_PROVIDER_UNREACHABLE,
          AUDIT_CHAIN_BROKEN,
          LICENSE_INVALID,
          JOB_FAILING,
          STORAGE_BINDING_UNREACHABLE,
          STORAGE_MIGRATION_FAILED,
          BACKUP_UNVERIFIED);

  private final Jdbi install;
  private final IncidentQueries queries;
  private final Clock clock;

  Incidents(Databases databases, IncidentQueries queries, Clock clock) {
    this.install = databases.install();
    this.queries = queries;
    this.clock = clock;
  }

  /**
   * Active incidents, most recently opened first, at most {@link #ACTIVE_LIMIT}. Throws if the
   * install database cannot be read.
   */
  public List<IncidentView> active() {
    return queries.active(ACTIVE_LIMIT);
  }

  /**
   * Opens the incident for (kind, subject), or updates the active one, and links {@code eventId}
   * (if given and not yet linked) to it. Returns its id, or null if the install database refused.
   */
  public UUID open(
      String kind, String subject, UUID orgId, Severity severity, String summary, UUID eventId) {
    requireNonNull(kind, "kind is null");
    requireNonNull(subject, "subject is null");
    requireNonNull(severity, "severity is null");
    Instant now = clock.instant();
    String clean = Sanitizer.clean(summary);
    try {
      return install.inTransaction(
          h -> {
            UUID id =
                h.createQuery(
                        "insert into incidents (id, kind, subject, org_id, severity, summary,"
                            + " opened_at, last_seen_at, last_event_id) values (:id, :kind,"
                            + " :subject, :org, :severity, :summary, :now, :now, :event)"
                            + " on conflict (kind, subject) where resolved_at is null do update"
                            + " set last_seen_at = excluded.last_seen_at,"
                            + " occurrences = incidents.occurrences + 1,"
                            + " summary = excluded.summary, severity = excluded.severity,"
                            + " last_event_id = coalesce(excluded.last_event_id,"
                            + " incidents.last_event_id) returning id")
                    .bind("id", UUID.randomUUID())
                    .bind("kind", kind)
                    .bind("subject", subject)
                    .bind("org", orgId)
                    .bind("severity", severity.value())
                    .bind("summary", clean)
                    .bind("now", now)
                    .bind("event", eventId)
                    .mapTo(UUID.class)
                    .one();
            if (eventId != null) {
              h.createUpdate(
                      "update security_events set incident_id = :incident where id = :event"
                          + " and incident_id is null")
                  .bind("incident", id)
                  .bind("event", eventId)
                  .execute();
            }
            return id;
          });
    } catch (JdbiException e) {
      LOG.error("incident {} {} could not be stored: {}", kind, subject, Sanitizer.reason(e));
      return null;
    }
  }

  /** Resolves the active incident for (kind, subject), if any. Returns whether one was resolved. */
  public boolean resolve(String kind, String subject) {
    try {
      boolean resolved =
          install.withHandle(
                  h ->
                      h.createUpdate(
                              "update incidents set resolved_at = :now where kind = :kind"
                                  + " and subject = :subject and resolved_at is null")
                          .bind("now", clock.instant())
                          .bind("kind", kind)
                          .bind("subject", subject)
                          .execute())
              > 0;
      if (resolved) {
        LOG.info("incident {} {} resolved", kind, subject);
      }
      return resolved;
    } catch (JdbiException e) {
      LOG.error("incident {} {} could not be resolved: {}", kind, subject, Sanitizer.reason(e));
      return false;
    }
  }
}
