package dev.palisade.events;

import static java.util.Objects.requireNonNull;

import dev.palisade.tenancy.InstallDatabase;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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

  private final InstallDatabase install;
  private final IncidentQueries queries;
  private final Clock clock;

  public Incidents(InstallDatabase install) {
    this(install, Clock.systemUTC());
  }

  Incidents(InstallDatabase install, Clock clock) {
    this.install = install;
    this.queries = new IncidentQueries(install);
    this.clock = clock;
  }

  /** Documented incident kinds. */
  public static final String KEY_PROVIDER_UNREACHABLE = "keyProviderUnreachable";

  public static final String AUDIT_CHAIN_BROKEN = "auditChainBroken";
  public static final String LICENSE_INVALID = "licenseInvalid";
  public static final String JOB_FAILING = "jobFailing";

  /** Every documented kind; a kind added above must be added here (metrics and docs list it). */
  public static final List<String> KINDS =
      List.of(KEY_PROVIDER_UNREACHABLE, AUDIT_CHAIN_BROKEN, LICENSE_INVALID, JOB_FAILING);

  /**
   * Active incidents, most recently opened first, at most {@link #ACTIVE_LIMIT}. Throws a {@code
   * PlatformException} (503) if the install database cannot be read.
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
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "insert into incidents (id, kind, subject, org_id, severity, summary, opened_at,"
                    + " last_seen_at, last_event_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " on conflict (kind, subject) where resolved_at is null do update set"
                    + " last_seen_at = excluded.last_seen_at,"
                    + " occurrences = incidents.occurrences + 1,"
                    + " summary = excluded.summary,"
                    + " severity = excluded.severity,"
                    + " last_event_id = coalesce(excluded.last_event_id, incidents.last_event_id)"
                    + " returning id")) {
      ps.setObject(1, UUID.randomUUID());
      ps.setString(2, kind);
      ps.setString(3, subject);
      ps.setObject(4, orgId);
      ps.setString(5, severity.value());
      ps.setString(6, clean);
      ps.setTimestamp(7, Timestamp.from(now));
      ps.setTimestamp(8, Timestamp.from(now));
      ps.setObject(9, eventId);
      UUID id;
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getObject(1, UUID.class);
      }
      if (eventId != null) {
        link(c, id, eventId);
      }
      return id;
    } catch (SQLException e) {
      LOG.error("incident {} {} could not be stored: {}", kind, subject, Sanitizer.reason(e));
      return null;
    }
  }

  private static void link(Connection c, UUID incident, UUID event) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "update security_events set incident_id = ? where id = ? and incident_id is null")) {
      ps.setObject(1, incident);
      ps.setObject(2, event);
      ps.executeUpdate();
    }
  }

  /** Resolves the active incident for (kind, subject), if any. Returns whether one was resolved. */
  public boolean resolve(String kind, String subject) {
    try (Connection c = install.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "update incidents set resolved_at = ? where kind = ? and subject = ?"
                    + " and resolved_at is null")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      ps.setString(2, kind);
      ps.setString(3, subject);
      boolean resolved = ps.executeUpdate() > 0;
      if (resolved) {
        LOG.info("incident {} {} resolved", kind, subject);
      }
      return resolved;
    } catch (SQLException e) {
      LOG.error("incident {} {} could not be resolved: {}", kind, subject, Sanitizer.reason(e));
      return false;
    }
  }
}
