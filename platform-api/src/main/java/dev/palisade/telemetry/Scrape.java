package dev.palisade.telemetry;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;

/** Renders the Prometheus text exposition, refreshing on-demand gauges first. */
@Singleton
public final class Scrape {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final TenantPoolMetrics tenantPools;

  Scrape(PrometheusMeterRegistry registry, TenantPoolMetrics tenantPools) {
    this.registry = registry;
    this.tenantPools = tenantPools;
  }

  public String render() {
    tenantPools.refresh();
    return registry.scrape();
  }
}
