package dev.palisade.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed telemetry exports in {@code palisade_telemetry_export_failures_total{signal}}
 * (registered at zero for {@code traces}) and logs them at most once per {@code
 * palisade.tracing.export-failure-log-interval}, with how many failed since the last line. The line
 * names the exception class and its redacted message, never headers (which may carry credentials
 * for the collector). Thread-safe.
 */
@Singleton
final class ExportFailures {
  private static final Logger LOG = LoggerFactory.getLogger(ExportFailures.class);
  private final MeterRegistry registry;
  private final Clock clock;
  private final Duration interval;
  private final AtomicLong unlogged = new AtomicLong();
  private final AtomicLong nextLogMillis = new AtomicLong(Long.MIN_VALUE);

  ExportFailures(MeterRegistry registry, Clock clock, TracingConfig config) {
    this.registry = registry;
    counter("traces");
    this.clock = clock;
    this.interval = config.exportFailureLogInterval();
  }

  void failed(String signal, int items, @Nullable Throwable cause) {
    counter(signal).increment();
    unlogged.incrementAndGet();
    long now = clock.millis();
    long next = nextLogMillis.get();
    if (now < next || !nextLogMillis.compareAndSet(next, now + interval.toMillis())) {
      return;
    }
    long count = unlogged.getAndSet(0);
    LOG.warn(
        "{} export to the OTLP collector failed ({} batches since the last report, {} items in"
            + " this one, next report not before {}): {}",
        signal,
        count,
        items,
        Instant.ofEpochMilli(now + interval.toMillis()),
        cause == null ? "the collector refused or did not answer" : describe(cause));
  }

  private Counter counter(String signal) {
    return Counter.builder("palisade.telemetry.export.failures")
        .description("Telemetry exports (batches) that failed to reach the collector")
        .tag("signal", signal)
        .register(registry);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return cause.getClass().getSimpleName()
        + (message == null ? "" : ": " + Sanitizer.redact(message));
  }
}
