package dev.palisade.jobs;

import static java.util.Objects.requireNonNull;

import io.micronaut.context.env.Environment;
import java.time.Duration;

/**
 * A job's effective settings: its defaults, overridden by {@code palisade.jobs.<name>.cadence},
 * {@code .enabled} and {@code .timeout} (environment: {@code PALISADE_JOBS_<NAME>_CADENCE}, ...).
 */
public record JobSettings(Duration cadence, boolean enabled, Duration timeout) {
  static final Duration MIN_CADENCE = Duration.ofSeconds(1);

  public JobSettings {
    requireNonNull(cadence, "cadence is null");
    requireNonNull(timeout, "timeout is null");
  }

  static JobSettings of(Job job, Environment env) {
    String prefix = "palisade.jobs." + job.name() + ".";
    Duration cadence =
        env.getProperty(prefix + "cadence", Duration.class).orElse(job.defaultCadence());
    Duration timeout =
        env.getProperty(prefix + "timeout", Duration.class).orElse(job.defaultTimeout());
    boolean enabled = env.getProperty(prefix + "enabled", Boolean.class).orElse(true);
    if (cadence.compareTo(MIN_CADENCE) < 0) {
      throw new IllegalStateException(
          prefix + "cadence must be at least " + MIN_CADENCE + ", got " + cadence);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalStateException(prefix + "timeout must be positive, got " + timeout);
    }
    return new JobSettings(cadence, enabled, timeout);
  }
}
