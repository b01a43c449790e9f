package dev.palisade.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Publishes {@code http_server_requests_seconds}, {@code palisade_database_latency_seconds} and
 * {@code palisade_key_operation_duration_seconds} as histograms with a fixed, small set of buckets,
 * so that latency percentiles and SLO alerts can be computed in Prometheus.
 */
@Singleton
final class HttpHistograms implements MeterFilter {
  private static final java.util.Set<String> HISTOGRAMS =
      java.util.Set.of(
          "http.server.requests", "palisade.database.latency", "palisade.key.operation.duration");
  private static final double[] BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  @Override
  public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
    if (!HISTOGRAMS.contains(id.getName())) {
      return config;
    }
    double[] nanos = new double[BUCKETS_SECONDS.length];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = Duration.ofNanos((long) (BUCKETS_SECONDS[i] * 1e9)).toNanos();
    }
    return DistributionStatisticConfig.builder()
        .percentilesHistogram(false)
        .serviceLevelObjectives(nanos)
        .build()
        .merge(config);
  }
}
