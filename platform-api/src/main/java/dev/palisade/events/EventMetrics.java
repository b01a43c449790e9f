package dev.palisade.events;

import dev.palisade.telemetry.Sanitizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Event and incident series. {@code palisade_security_events_total{type,severity}} is registered at
 * zero for every documented type at its default severity, so alerts can use {@code increase()} from
 * the first scrape. {@code palisade_incidents_active{kind}} reads a count that is refreshed from
 * the install database at most once per {@link #CACHE}, however often it is scraped.
 */
@Context
final class EventMetrics {
  static final Duration CACHE = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(EventMetrics.class);

  private final MeterRegistry registry;
  private final IncidentQueries queries;
  private final Clock clock;
  private final Set<String> kinds = ConcurrentHashMap.newKeySet();
  private volatile Map<String, Long> counts = Map.of();
  private volatile Instant readAt = Instant.EPOCH;

  EventMetrics(MeterRegistry registry, IncidentQueries queries, Clock clock) {
    this.registry = registry;
    this.queries = queries;
    this.clock = clock;
    for (SecurityEventType t : SecurityEventType.values()) {
      Counter.builder("palisade.security.events")
          .description("Security events raised, by type and severity")
          .tag("type", t.value())
          .tag("severity", t.severity().value())
          .register(registry);
    }
    Incidents.KINDS.forEach(this::gauge);
  }

  private void gauge(String kind) {
    if (kinds.add(kind)) {
      Gauge.builder("palisade.incidents.active", this, m -> m.count(kind))
          .description("Active (unresolved) incidents, by kind")
          .tag("kind", kind)
          .register(registry);
    }
  }

  double count(String kind) {
    refresh();
    return counts.getOrDefault(kind, 0L);
  }

  private synchronized void refresh() {
    Instant now = clock.instant();
    if (Duration.between(readAt, now).compareTo(CACHE) < 0) {
      return;
    }
    readAt = now;
    try {
      counts = Map.copyOf(queries.activeByKind());
      counts.keySet().forEach(this::gauge);
    } catch (RuntimeException e) {
      LOG.warn("active incidents could not be counted: {}", Sanitizer.reason(e));
    }
  }
}
