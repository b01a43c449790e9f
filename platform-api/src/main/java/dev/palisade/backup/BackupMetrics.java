package dev.palisade.backup;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code palisade_backup_last_success_timestamp_seconds}, {@code palisade_backup_duration_seconds}
 * and {@code palisade_backup_size_bytes} (of the newest completed backup), {@code
 * palisade_restore_validation_last_success_timestamp_seconds} and {@code
 * palisade_restore_validation_duration_seconds} (of the newest passing validation, and of the
 * newest validation). The timestamps are read from the install database at start-up, so they
 * survive a restart and agree across instances once each has seen a run; NaN until there is one.
 */
@Singleton
final class BackupMetrics {
  private final AtomicReference<Instant> lastBackup = new AtomicReference<>();
  private final AtomicReference<Double> backupSeconds = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Double> backupBytes = new AtomicReference<>(Double.NaN);
  private final AtomicReference<Instant> lastValidation = new AtomicReference<>();
  private final AtomicReference<Double> validationSeconds = new AtomicReference<>(Double.NaN);

  BackupMetrics(MeterRegistry registry, BackupStore store) {
    try {
      store.lastCompleted().ifPresent(lastBackup::set);
      store.lastPassedValidation().ifPresent(lastValidation::set);
      store.lastValidationSeconds().ifPresent(validationSeconds::set);
      store.recent(20).stream()
          .filter(b -> Backup.COMPLETED.equals(b.state()))
          .findFirst()
          .ifPresent(
              b -> {
                backupSeconds.set(b.durationMillis() / 1000.0);
                backupBytes.set(b.sizeBytes() == null ? Double.NaN : b.sizeBytes().doubleValue());
              });
    } catch (RuntimeException e) {
      // the install database answers later; the gauges start empty
    }
    Gauge.builder("palisade.backup.last.success.timestamp", lastBackup, BackupMetrics::epoch)
        .baseUnit("seconds")
        .description("When the newest backup completed (Unix time)")
        .register(registry);
    Gauge.builder("palisade.backup.duration", backupSeconds, AtomicReference::get)
        .baseUnit("seconds")
        .description("How long the newest completed backup took")
        .register(registry);
    Gauge.builder("palisade.backup.size", backupBytes, AtomicReference::get)
        .baseUnit("bytes")
        .description("Size of the newest completed backup")
        .register(registry);
    Gauge.builder(
            "palisade.restore.validation.last.success.timestamp",
            lastValidation,
            BackupMetrics::epoch)
        .baseUnit("seconds")
        .description("When the newest restore validation passed (Unix time)")
        .register(registry);
    Gauge.builder("palisade.restore.validation.duration", validationSeconds, AtomicReference::get)
        .baseUnit("seconds")
        .description("How long the newest restore validation took")
        .register(registry);
  }

  void backupCompleted(Instant at, Duration took, long bytes) {
    lastBackup.set(at);
    backupSeconds.set(took.toMillis() / 1000.0);
    backupBytes.set((double) bytes);
  }

  void validationEnded(Instant at, Duration took, boolean passed) {
    if (passed) {
      lastValidation.set(at);
    }
    validationSeconds.set(took.toMillis() / 1000.0);
  }

  Instant lastBackup() {
    return lastBackup.get();
  }

  private static double epoch(AtomicReference<Instant> ref) {
    Instant at = ref.get();
    return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
  }
}
