package dev.palisade.telemetry;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;

/** Renders the Prometheus text exposition; one place for the main and the management listener. */
@Singleton
public final class Scrape {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  Scrape(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public String render() {
    return registry.scrape();
  }
}
