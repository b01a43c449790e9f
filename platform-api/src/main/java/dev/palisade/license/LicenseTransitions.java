package dev.palisade.license;

import dev.palisade.audit.AuditEvent;
import dev.palisade.audit.AuditLog;
import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.events.Incidents;
import dev.palisade.events.SecurityEventType;
import dev.palisade.events.SecurityEvents;
import dev.palisade.events.Severity;
import dev.palisade.tenancy.Scope;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records license state changes once, whichever instance sees them first: the {@code license_state}
 * row and a {@code license.state_changed} install audit entry commit together, then a {@code
 * licenseStateChanged} event is raised. Entering {@code expired} or {@code invalid} raises {@code
 * licenseInvalid} and opens the {@code licenseInvalid} incident; leaving them resolves it.
 */
@Singleton
final class LicenseTransitions {
  private static final Logger LOG = LoggerFactory.getLogger(LicenseTransitions.class);
  static final String INCIDENT_SUBJECT = "license";

  private final CurrentLicense current;
  private final LicenseStore store;
  private final AuditLog audit;
  private final SecurityEvents events;
  private final Incidents incidents;

  LicenseTransitions(
      CurrentLicense current,
      LicenseStore store,
      AuditLog audit,
      SecurityEvents events,
      Incidents incidents) {
    this.current = current;
    this.store = store;
    this.audit = audit;
    this.events = events;
    this.incidents = incidents;
  }

  /**
   * Evaluates the license now and records a change of state, if any. With {@code reassert} (the
   * scheduled reconcile), a lapse that was already recorded refreshes its open incident.
   */
  CurrentLicense.Evaluation observe(boolean reassert) {
    CurrentLicense.Evaluation e = current.evaluate();
    LicenseState before = store.state().state();
    if (before != e.state() && record(before, e)) {
      LOG.info("license state changed from {} to {}", before.value(), e.state().value());
      UUID eventId =
          events.raise(
              SecurityEvents.event(
                      SecurityEventType.LICENSE_STATE_CHANGED,
                      "license state changed from " + before.value() + " to " + e.state().value())
                  .context("from", before.value())
                  .context("to", e.state().value())
                  .context("licenseId", e.subject()));
      if (e.state().usable()) {
        incidents.resolve(Incidents.LICENSE_INVALID, INCIDENT_SUBJECT);
      } else {
        openIncident(e, eventId);
      }
    } else if (reassert && !e.state().usable()) {
      // Still lapsed: keep the incident open (and its last-seen time current).
      incidents.open(
          Incidents.LICENSE_INVALID, INCIDENT_SUBJECT, null, Severity.HIGH, summary(e), null);
    }
    return e;
  }

  private void openIncident(CurrentLicense.Evaluation e, UUID stateEvent) {
    UUID invalid =
        events.raise(
            SecurityEvents.event(SecurityEventType.LICENSE_INVALID, summary(e))
                .context("state", e.state().value())
                .context("licenseId", e.subject()));
    incidents.open(
        Incidents.LICENSE_INVALID,
        INCIDENT_SUBJECT,
        null,
        Severity.HIGH,
        summary(e),
        invalid != null ? invalid : stateEvent);
  }

  static String summary(CurrentLicense.Evaluation e) {
    if (e.state() == LicenseState.EXPIRED) {
      return "license "
          + e.subject()
          + " expired on "
          + e.license().expiresAt()
          + " and its grace period has ended; organizations cannot be created";
    }
    return "license "
        + e.subject()
        + " is invalid: "
        + e.problem()
        + "; organizations cannot be created";
  }

  private boolean record(LicenseState before, CurrentLicense.Evaluation e) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("from", before.value());
    meta.put("to", e.state().value());
    try {
      audit.change(
          Scope.install(),
          h -> {
            if (!store.transition(h, before, e.state(), e.at())) {
              throw new PlatformException(ErrorCode.CONFLICT, "recorded by another instance");
            }
            return e;
          },
          r ->
              AuditEvent.by("system", "system:license")
                  .subject("license", e.subject())
                  .publicMetadata(meta)
                  .action("license.state_changed"));
      return true;
    } catch (PlatformException ex) {
      if (ex.errorCode() == ErrorCode.CONFLICT) {
        return false;
      }
      throw ex;
    }
  }
}
