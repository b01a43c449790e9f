package dev.palisade.tenancy;

import dev.palisade.telemetry.Scrape;
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
public final class TenantPoolMetrics implements Scrape.Refresh {
  private final TenantConnections pool;
  private final MultiGauge perDatabase;

  TenantPoolMetrics(TenantConnections pool, MeterRegistry registry) {
    this.pool = pool;
    Gauge.builder("palisade.tenant.connections.cap", pool, TenantConnections::cap)
        .description("Cap on physical connections across all tenant pools")
        .register(registry);
    Gauge.builder("palisade.tenant.connections.open", pool, TenantConnections::openConnections)
        .description("Physical connections open across all tenant pools")
        .register(registry);
    this.perDatabase =
        MultiGauge.builder("palisade.tenant.pool.connections")
            .description("Connections of one tenant database pool by state (in_use, idle)")
            .register(registry);
  }

  @Override
  public void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TenantConnections.PoolStats s : pool.stats()) {
      rows.add(MultiGauge.Row.of(Tags.of("database", s.database(), "state", "in_use"), s.inUse()));
      rows.add(
          MultiGauge.Row.of(
              Tags.of("database", s.database(), "state", "idle"), s.open() - s.inUse()));
    }
    perDatabase.register(rows, true);
  }
}
