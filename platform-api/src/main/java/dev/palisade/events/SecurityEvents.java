package dev.palisade.events;

import static java.util.Objects.requireNonNull;

import dev.palisade.crypto.CanonicalJson;
import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records security events in the install database. Reasons and context values always pass through
 * {@link Sanitizer}, whoever wrote them. Raising an event never throws: an event that cannot be
 * stored is logged (sanitized) and counted, and the caller's own failure handling goes on.
 */
@Singleton
public final class SecurityEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);

  /** First key of the advisory lock that orders the positions of stored events. */
  private static final int POSITION_LOCK = 0x70616c65;

  private final Jdbi install;
  private final MeterRegistry registry;
  private final Clock clock;

  SecurityEvents(Databases databases, MeterRegistry registry, Clock clock) {
    this.install = databases.install();
    this.registry = registry;
    this.clock = clock;
  }

  /** Starts an event of a documented type at its default severity. */
  public static NewEvent event(SecurityEventType type, String reason) {
    return new NewEvent(type.value(), type.severity(), reason);
  }

  /** An event being built; only type, severity and reason are required. */
  public static final class NewEvent {
    private final String type;
    private Severity severity;
    private final String reason;
    private UUID orgId;
    private UUID jobRunId;
    private UUID evidenceId;
    private UUID incidentId;
    private final Map<String, Object> context = new LinkedHashMap<>();

    private NewEvent(String type, Severity severity, String reason) {
      this.type = requireNonNull(type, "type is null");
      this.severity = requireNonNull(severity, "severity is null");
      this.reason = requireNonNull(reason, "reason is null");
    }

    public NewEvent severity(Severity s) {
      this.severity = requireNonNull(s, "severity is null");
      return this;
    }

    /** The organization concerned; leave unset for install-scoped events. */
    public NewEvent org(UUID id) {
      this.orgId = id;
      return this;
    }

    public NewEvent jobRun(UUID id) {
      this.jobRunId = id;
      return this;
    }

    public NewEvent evidence(UUID id) {
      this.evidenceId = id;
      return this;
    }

    public NewEvent incident(UUID id) {
      this.incidentId = id;
      return this;
    }

    /** A short reference (provider kind, chain id, job name); the value is sanitized. */
    public NewEvent context(String key, Object value) {
      if (value != null) {
        context.put(
            key, value instanceof Number || value instanceof Boolean ? value : value.toString());
      }
      return this;
    }

    public String type() {
      return type;
    }
  }

  /**
   * Stores the event and returns its id, or null if the install database refused it. Inside a job
   * run the run's id is attached unless the event names one.
   */
  public UUID raise(NewEvent e) {
    UUID id = UUID.randomUUID();
    Instant now = clock.instant();
    String reason = Sanitizer.clean(e.reason);
    UUID jobRun = e.jobRunId != null ? e.jobRunId : currentJobRun();
    Map<String, Object> context = new LinkedHashMap<>();
    e.context.forEach(
        (k, v) -> context.put(Sanitizer.clean(k), v instanceof String s ? Sanitizer.clean(s) : v));
    try {
      install.useTransaction(
          h -> {
            // one insert at a time, lock held to the commit: positions commit in their order, so a
            // reader that has seen position N will never later find a smaller one committed
            h.createQuery("select 1 from pg_advisory_xact_lock(:lockClass, 0)")
                .bind("lockClass", POSITION_LOCK)
                .mapTo(Integer.class)
                .one();
            h.createUpdate(
                    "insert into security_events (id, occurred_at, type, org_id, severity,"
                        + " reason, job_run_id, evidence_id, incident_id, context) values (:id,"
                        + " :at, :type, :org, :severity, :reason, :run, :evidence, :incident,"
                        + " :context)")
                .bind("id", id)
                .bind("at", now)
                .bind("type", e.type)
                .bind("org", e.orgId)
                .bind("severity", e.severity.value())
                .bind("reason", reason)
                .bind("run", jobRun)
                .bind("evidence", e.evidenceId)
                .bind("incident", e.incidentId)
                .bind("context", context.isEmpty() ? null : CanonicalJson.write(context))
                .execute();
          });
    } catch (JdbiException ex) {
      LOG.error(
          "security event {} could not be stored: {} (reason: {})",
          e.type,
          Sanitizer.reason(ex),
          reason);
      counter("palisade.security.events.dropped", e).increment();
      return null;
    }
    counter("palisade.security.events", e).increment();
    LOG.warn(
        "security event {} severity={} org={}: {}",
        e.type,
        e.severity.value(),
        e.orgId == null ? "install" : e.orgId,
        reason);
    return id;
  }

  private Counter counter(String name, NewEvent e) {
    return Counter.builder(name)
        .tag("type", e.type)
        .tag("severity", e.severity.value())
        .register(registry);
  }

  private static UUID currentJobRun() {
    String run = MDC.get("run_id");
    if (run == null) {
      return null;
    }
    try {
      return UUID.fromString(run);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
