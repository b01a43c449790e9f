package dev.palisade.keys;

import dev.palisade.telemetry.Sanitizer;
import dev.palisade.tenancy.Databases;
import dev.palisade.tenancy.Organizations;
import dev.palisade.tenancy.Scope;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code palisade_key_versions{scope_type}}: keyring versions (data keys) in the install's keyring
 * ({@code install}) and in every organization's keyring together ({@code org}). Counted in the
 * background every {@code palisade.keys.version-count-interval} (default 15 minutes, the cadence of
 * the audit chain verification, which reads every organization database as well), so a scrape never
 * waits for a database; NaN until the first count. A database that cannot be read keeps the
 * previous total and is logged.
 */
@Context
final class KeyVersionMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(KeyVersionMetrics.class);

  private final Databases databases;
  private final Organizations organizations;
  private final Map<String, Double> counts = new ConcurrentHashMap<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "palisade-key-version-count");
            t.setDaemon(true);
            return t;
          });

  KeyVersionMetrics(
      Databases databases,
      Organizations organizations,
      MeterRegistry registry,
      @Value("${palisade.keys.version-count-interval:15m}") Duration interval) {
    this.databases = databases;
    this.organizations = organizations;
    for (String scopeType : new String[] {"install", "org"}) {
      Gauge.builder("palisade.key.versions", counts, c -> c.getOrDefault(scopeType, Double.NaN))
          .description("Keyring versions (data keys), by keyring scope")
          .tag("scope_type", scopeType)
          .register(registry);
    }
    long every = Math.max(1, interval.toMillis());
    ticker.scheduleWithFixedDelay(this::count, 0, every, TimeUnit.MILLISECONDS);
  }

  void count() {
    try {
      counts.put("install", (double) versions(Scope.install()));
      long[] org = {0};
      organizations.forEach(o -> org[0] += versions(Scope.of(o)));
      counts.put("org", (double) org[0]);
    } catch (RuntimeException e) {
      LOG.warn("keyring versions could not be counted: {}", Sanitizer.reason(e));
    }
  }

  private int versions(Scope scope) {
    return databases.read(scope, KeyringVersions::count);
  }

  @PreDestroy
  void stop() {
    ticker.shutdownNow();
  }
}
