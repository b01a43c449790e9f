package dev.palisade.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Series of the chain verifications this instance ran on live chains: {@code
 * palisade_audit_verification_last_timestamp_seconds{result}} (Unix time of the newest verification
 * that found a chain {@code intact}, and of the newest that found one {@code broken}; NaN until one
 * did) and {@code palisade_audit_chains_broken} (chains whose latest verification here found them
 * broken; an intact verification of the chain takes it off). Neither names a chain or an
 * organization. Thread-safe.
 */
final class VerificationMetrics {
  private final Clock clock;
  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  private final Map<String, Double> lastAt = new ConcurrentHashMap<>();

  VerificationMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    for (String result : new String[] {"intact", "broken"}) {
      Gauge.builder(
              "palisade.audit.verification.last.timestamp",
              lastAt,
              m -> m.getOrDefault(result, Double.NaN))
          .description("Unix time of the newest audit chain verification, by its result")
          .tag("result", result)
          .baseUnit("seconds")
          .register(registry);
    }
    Gauge.builder("palisade.audit.chains.broken", broken, Set::size)
        .description("Audit chains whose latest verification found a break")
        .register(registry);
  }

  void verified(String chainId, Verification v) {
    String result = v.intact() ? "intact" : "broken";
    lastAt.put(result, clock.millis() / 1000.0);
    if (v.intact()) {
      broken.remove(chainId);
    } else {
      broken.add(chainId);
    }
  }
}
