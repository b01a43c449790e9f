package dev.palisade.telemetry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;

/**
 * {@code palisade.tracing.*}: the share of new traces kept ({@code sample-ratio}, 0 to 1, default
 * 1.0; a span whose parent came in sampled or not follows its parent) and how often a failing span
 * export is logged ({@code export-failure-log-interval}, default 1 minute; every failure is still
 * counted in {@code palisade_telemetry_export_failures_total}). The standard {@code
 * OTEL_TRACES_SAMPLER} and {@code OTEL_TRACES_SAMPLER_ARG} variables win over {@code sample-ratio}
 * when set.
 */
@ConfigurationProperties("palisade.tracing")
public record TracingConfig(
    @Nullable Double sampleRatio, @Nullable Duration exportFailureLogInterval) {

  public TracingConfig {
    sampleRatio = sampleRatio == null ? 1.0 : sampleRatio;
    exportFailureLogInterval =
        exportFailureLogInterval == null ? Duration.ofMinutes(1) : exportFailureLogInterval;
    if (sampleRatio.isNaN() || sampleRatio < 0 || sampleRatio > 1) {
      throw new ConfigurationException("palisade.tracing.sample-ratio must be between 0 and 1");
    }
    if (exportFailureLogInterval.isNegative()) {
      throw new ConfigurationException(
          "palisade.tracing.export-failure-log-interval must not be negative");
    }
  }
}
