package dev.palisade.license;

import dev.palisade.tenancy.Organizations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * License series, from a copy of the evaluation at most {@link #MAX_AGE} old (a scrape never waits
 * for more than one small query): {@code palisade_license_valid} (1 while organizations may be
 * created: evaluation, valid, expiring, grace; 0 when expired or invalid), {@code
 * palisade_license_expires_in_seconds} (negative past expiry, NaN in evaluation), {@code
 * palisade_license_state{state}} (1 for the current state), and organizations used against the
 * limit ({@code palisade_license_organizations_limit} 0 means unlimited).
 */
@Context
public final class LicenseMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(LicenseMetrics.class);
  static final Duration MAX_AGE = Duration.ofSeconds(5);

  private final CurrentLicense current;
  private final Organizations organizations;
  private final LicenseConfig config;
  private final java.time.Clock clock;
  private volatile Snapshot snapshot;

  private record Snapshot(CurrentLicense.Evaluation evaluation, int organizations, Instant at) {}

  public LicenseMetrics(
      CurrentLicense current,
      Organizations organizations,
      LicenseConfig config,
      MeterRegistry registry,
      java.time.Clock clock) {
    this.clock = clock;
    this.current = current;
    this.organizations = organizations;
    this.config = config;
    Gauge.builder("palisade.license.valid", this, m -> m.state().usable() ? 1 : 0)
        .description("1 while the license lets organizations be created, 0 if expired or invalid")
        .register(registry);
    Gauge.builder("palisade.license.expires.in.seconds", this, LicenseMetrics::expiresIn)
        .description("Seconds until the license expires (negative after; NaN in evaluation)")
        .register(registry);
    for (LicenseState s : LicenseState.values()) {
      Gauge.builder("palisade.license.state", this, m -> m.state() == s ? 1 : 0)
          .description("1 for the license's current state")
          .tag("state", s.value())
          .register(registry);
    }
    Gauge.builder("palisade.license.organizations.used", this, m -> m.snapshot().organizations())
        .description("Organizations that count against the license")
        .register(registry);
    Gauge.builder("palisade.license.organizations.limit", this, LicenseMetrics::limit)
        .description("Organizations the license allows (0 means unlimited)")
        .register(registry);
  }

  private LicenseState state() {
    return snapshot().evaluation().state();
  }

  private double expiresIn() {
    Snapshot s = snapshot();
    License l = s.evaluation().license();
    if (l == null) {
      return Double.NaN;
    }
    return Duration.between(clock.instant(), l.expiresAt()).toSeconds();
  }

  private double limit() {
    Integer max = snapshot().evaluation().maxOrganizations(config);
    return max == null ? 0 : max;
  }

  private Snapshot snapshot() {
    Snapshot s = snapshot;
    if (s != null && s.at().plus(MAX_AGE).isAfter(clock.instant())) {
      return s;
    }
    synchronized (this) {
      if (snapshot == s) {
        try {
          snapshot = new Snapshot(current.evaluate(), organizations.count(), clock.instant());
        } catch (RuntimeException e) {
          LOG.warn("license metrics not refreshed: {}", e.toString());
          if (s == null) {
            throw e;
          }
          snapshot = new Snapshot(s.evaluation(), s.organizations(), clock.instant());
        }
      }
      return snapshot;
    }
  }
}
