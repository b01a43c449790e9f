package dev.palisade.tenancy;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * Tenant pool series, totals only: the global cap, connections open and in use, and how many
 * organization databases have a pool. No series names an organization or its database, since the
 * scrape is readable by whoever reaches the metrics listener; per-database figures are in the
 * detailed health report for install admins.
 */
@Context
public final class TenantPoolMetrics {
  TenantPoolMetrics(TenantConnections pool, MeterRegistry registry) {
    Gauge.builder("palisade.tenant.connections.cap", pool, TenantConnections::cap)
        .description("Cap on physical connections across all tenant pools")
        .register(registry);
    Gauge.builder("palisade.tenant.connections.open", pool, TenantConnections::openConnections)
        .description("Physical connections open across all tenant pools")
        .register(registry);
    Gauge.builder("palisade.tenant.connections.in.use", pool, TenantConnections::inUseConnections)
        .description("Tenant connections lent out to requests and jobs now")
        .register(registry);
    Gauge.builder("palisade.tenant.pools", pool, p -> p.stats().size())
        .description("Organization databases with at least one open connection")
        .register(registry);
  }
}
