package dev.palisade.telemetry;

import dev.palisade.tenancy.TenantConnectionPool;
import dev.palisade.tenancy.TenantDatabases;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Tenant pool series: the global cap and open count, and per-database open and in-use gauges,
 * refreshed just before each scrape (databases come and go as pools are evicted).
 */
@Context
public final class TenantPoolMetrics {
  private final TenantConnectionPool pool;
  private final MultiGauge perDatabase;

  public TenantPoolMetrics(TenantDatabases tenants, MeterRegistry registry) {
    this.pool = tenants.pool();
    Gauge.builder("palisade.tenant.connections.cap", pool, TenantConnectionPool::cap)
        .description("Cap on physical connections across all tenant pools")
        .register(registry);
    Gauge.builder("palisade.tenant.connections.open", pool, TenantConnectionPool::openConnections)
        .description("Physical connections open across all tenant pools")
        .register(registry);
    this.perDatabase =
        MultiGauge.builder("palisade.tenant.pool.connections")
            .description("Connections of one tenant database pool by state (in_use, idle)")
            .register(registry);
  }

  public void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TenantConnectionPool.PoolStats s : pool.stats()) {
      rows.add(MultiGauge.Row.of(Tags.of("database", s.database(), "state", "in_use"), s.inUse()));
      rows.add(
          MultiGauge.Row.of(
              Tags.of("database", s.database(), "state", "idle"), s.open() - s.inUse()));
    }
    perDatabase.register(rows, true);
  }
}
