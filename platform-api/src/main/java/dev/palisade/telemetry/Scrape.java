package dev.palisade.telemetry;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;

/** Renders the Prometheus text exposition, refreshing on-demand gauges first. */
@Singleton
public final class Scrape {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final List<Refresh> refreshes;

  /** Series that are recomputed just before each scrape (their label sets come and go). */
  public interface Refresh {
    void refresh();
  }

  Scrape(PrometheusMeterRegistry registry, List<Refresh> refreshes) {
    this.registry = registry;
    this.refreshes = List.copyOf(refreshes);
  }

  public String render() {
    refreshes.forEach(Refresh::refresh);
    return registry.scrape();
  }
}
